//! Groups.
use rendezvous_platform::web::AppError;
pub async fn index() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn show() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn join() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn manage() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn admin_index() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn admin_create() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
