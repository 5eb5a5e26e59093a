//! Organisations.
use rendezvous_platform::web::AppError;
pub async fn edit() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn save() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn set_partner() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
