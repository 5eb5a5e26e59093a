//! The directory pages.
use rendezvous_platform::web::AppError;
pub async fn search() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn person() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn organisation() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn summary() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn partners() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
