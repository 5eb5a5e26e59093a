//! API.
use rendezvous_platform::web::AppError;
pub async fn people() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn person() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn organisations() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn my_profile() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub async fn update_my_profile() -> Result<(), AppError> {
    Err(AppError::NotFound)
}
pub fn openapi_paths() -> serde_json::Value {
    serde_json::json!({})
}
