//! Admin: membership types and member categories.
use rendezvous_platform::web::AppError;
pub async fn index() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn create() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn set_open() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn save_category() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
