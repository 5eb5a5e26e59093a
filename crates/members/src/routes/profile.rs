//! Profile.
use rendezvous_platform::web::AppError;
pub async fn page() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn save() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
