//! Pictures from outside (a report's photo, a representative's portrait, a news post's lead
//! image): decoded and written again as a plain JPEG, so nothing of the original file (EXIF, GPS,
//! a payload after the image) is kept, and never decoded beyond a size fixed in advance.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Why a picture was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRefusal {
    /// Not a JPEG, PNG, WebP or GIF image, or an unreadable one.
    NotAnImage,
    /// More bytes than allowed.
    TooBig,
    /// More pixels than allowed (refused before decoding, so before allocating).
    TooManyPixels,
}

/// The limits of one kind of picture.
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    pub max_bytes: usize,
    pub max_pixels: u64,
    /// The kept picture's longer side at most.
    pub kept_side: u32,
}

/// Decodes a picture and writes it again as JPEG without any metadata, no larger than
/// `limits.kept_side` on its longer side.
pub fn reencode_jpeg(bytes: &[u8], limits: ImageLimits) -> Result<Vec<u8>, ImageRefusal> {
    if bytes.len() > limits.max_bytes {
        return Err(ImageRefusal::TooBig);
    }
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| ImageRefusal::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) {
        return Err(ImageRefusal::NotAnImage);
    }
    let (width, height) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .and_then(|r| r.into_dimensions().map_err(std::io::Error::other))
        .map_err(|_| ImageRefusal::NotAnImage)?;
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageRefusal::TooManyPixels);
    }
    let mut decoding = Limits::default();
    decoding.max_image_width = Some(width);
    decoding.max_image_height = Some(height);
    decoding.max_alloc = Some(limits.max_pixels * 4 + 1024 * 1024);
    reader.limits(decoding);
    let image = reader.decode().map_err(|_| ImageRefusal::NotAnImage)?;
    let side = limits.kept_side;
    let image = if image.width().max(image.height()) > side { image.thumbnail(side, side) } else { image };
    let mut out = Vec::new();
    image.to_rgb8().write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg).map_err(|_| ImageRefusal::NotAnImage)?;
    Ok(out)
}
