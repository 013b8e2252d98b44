//! Cover images: what an upload may be, and the picture kept of it. The upload is decoded and
//! a new JPEG is written from its pixels alone, so nothing of the original file survives: no
//! EXIF (camera, GPS position, time), no comments, no colour-profile tricks, no trailing data.

use crate::error::AppError;
use crate::i18n::Msg;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// The largest file accepted (a phone photo is 2–8 MB).
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// The largest side accepted, checked before decoding: a small file may claim a huge picture.
const MAX_SIDE: u32 = 12_000;
/// The most pixels accepted, checked before decoding (a 48-megapixel phone photo is within).
/// Decoding allocates by the pixel: a progressive JPEG keeps every coefficient (6 bytes a
/// pixel) besides the pixels themselves (3–4), so 12,000 × 12,000 pixels took 1.2 GB.
const MAX_PIXELS: u64 = 50_000_000;
/// What decoding may allocate for the picture, on top of the decoder's own buffers.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// A cover is stored at most this large (it is shown across the page, never larger).
const MAX_WIDTH: u32 = 1600;
const MAX_HEIGHT: u32 = 1200;
const QUALITY: u8 = 85;

/// A cover as stored: a JPEG and its size in pixels.
#[derive(Clone)]
pub struct Cover {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// `work` (decoding and encoding pictures) off the async threads, one at a time in this
/// process: decoding a large photo takes hundreds of megabytes for a moment, and several at
/// once would add up.
pub async fn in_turn<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    static TURN: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
    let _turn = TURN.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)?
}

/// `reencode` off the async threads, one upload at a time (see `in_turn`).
pub async fn reencode_in_turn(upload: Vec<u8>) -> Result<Cover, AppError> {
    in_turn(move || reencode(&upload)).await
}

/// Turns an upload into the cover kept of it, or says what is wrong with it (field "cover").
/// CPU-bound (tens of milliseconds for a phone photo): call it off the async threads.
pub fn reencode(upload: &[u8]) -> Result<Cover, AppError> {
    let picture = decode(upload, "cover")?;
    encode(&picture, MAX_WIDTH, MAX_HEIGHT)
}

/// The pixels of an upload, turned upright, or what is wrong with it (as an error of `field`).
/// Only the pixels are kept: whatever else the file held (EXIF, GPS) is gone with the file.
pub fn decode(upload: &[u8], field: &str) -> Result<DynamicImage, AppError> {
    let refuse = |msg| AppError::invalid(field, msg);
    if upload.is_empty() {
        return Err(refuse(Msg::ErrCoverMissing));
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(refuse(Msg::ErrCoverTooLarge));
    }
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| refuse(Msg::ErrCoverType))?;
    // The format is told by the bytes, never by the name or the type the browser sent.
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(refuse(Msg::ErrCoverType));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let unreadable = |e: ImageError| match e {
        ImageError::Limits(_) => refuse(Msg::ErrCoverTooLarge),
        _ => refuse(Msg::ErrCoverUnreadable),
    };
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(refuse(Msg::ErrCoverTooLarge));
    }
    // Phones store pictures sideways with a note to turn them; the note goes, so turn now.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// A new JPEG of `picture`, made smaller to fit `max_width` × `max_height` when larger.
pub fn encode(picture: &DynamicImage, max_width: u32, max_height: u32) -> Result<Cover, AppError> {
    let resized;
    let picture = match picture.width() > max_width || picture.height() > max_height {
        true => {
            resized = picture.resize(max_width, max_height, FilterType::Triangle);
            &resized
        }
        false => picture,
    };
    jpeg_of(picture)
}

/// A JPEG of exactly `width` × `height`, cut from the middle of `picture` (a card's thumbnail,
/// so that every card's picture has the same shape).
pub fn thumbnail(picture: &DynamicImage, width: u32, height: u32) -> Result<Cover, AppError> {
    jpeg_of(&picture.resize_to_fill(width, height, FilterType::Triangle))
}

fn jpeg_of(picture: &DynamicImage) -> Result<Cover, AppError> {
    let rgb = on_white(picture);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&rgb)
        .map_err(|e| {
            tracing::error!(error = %e, "encoding a picture failed");
            AppError::Internal
        })?;
    Ok(Cover {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

/// The picture's colours with transparent parts laid on white (JPEG has no transparency, and
/// dropping the alpha channel would show whatever colour the transparent pixels happen to hold).
fn on_white(picture: &DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.to_rgb8();
    }
    let rgba = picture.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((c as u16 * a as u16 + 255 * (255 - a as u16)) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{jpeg, phone_photo};
    use image::{ImageEncoder, Rgba, RgbaImage};

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_phone_photo_loses_its_metadata_and_is_turned_upright() {
        let upload = phone_photo(120, 80);
        assert!(contains(&upload, b"Exif") && contains(&upload, b"GPS"));
        let cover = reencode(&upload).unwrap();
        assert!(!contains(&cover.jpeg, b"Exif"));
        assert!(!contains(&cover.jpeg, b"GPS"));
        assert!(!contains(&cover.jpeg, b"46.0569"));
        // Orientation 6 (turn 90° clockwise): a landscape file is a portrait picture.
        assert_eq!((cover.width, cover.height), (80, 120));
        let back = image::load_from_memory(&cover.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (80, 120));
    }

    #[test]
    fn large_pictures_are_made_smaller_keeping_their_shape() {
        let cover = reencode(&jpeg(3200, 1000)).unwrap();
        assert_eq!((cover.width, cover.height), (1600, 500));
        let small = reencode(&jpeg(640, 480)).unwrap();
        assert_eq!((small.width, small.height), (640, 480));
    }

    /// A small JPEG whose header claims `width` × `height` pixels.
    fn claiming(width: u16, height: u16) -> Vec<u8> {
        let mut file = jpeg(16, 16);
        let sof = file
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline JPEG has SOF0");
        file[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        file[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        file
    }

    #[test]
    fn pictures_of_too_many_pixels_are_refused_before_decoding() {
        // 144 megapixels in a file of a few hundred bytes: refused by its header alone.
        let bomb = claiming(12_000, 12_000);
        assert!(bomb.len() < 2_000);
        let refused = reencode(&bomb).err().expect("refused");
        assert_eq!(refused, AppError::invalid("cover", Msg::ErrCoverTooLarge));
        let wide = claiming(12_001, 10);
        assert_eq!(
            reencode(&wide).err(),
            Some(AppError::invalid("cover", Msg::ErrCoverTooLarge))
        );
    }

    #[test]
    fn transparent_parts_become_white() {
        let img = RgbaImage::from_fn(10, 10, |x, _| match x < 5 {
            true => Rgba([0, 0, 0, 0]),
            false => Rgba([0, 0, 255, 255]),
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(img.as_raw(), 10, 10, image::ExtendedColorType::Rgba8)
            .unwrap();
        let cover = reencode(&png).unwrap();
        let back = image::load_from_memory(&cover.jpeg).unwrap().to_rgb8();
        assert!(back.get_pixel(1, 5).0.iter().all(|&c| c > 240));
        assert!(back.get_pixel(8, 5).0[2] > 200 && back.get_pixel(8, 5).0[0] < 40);
    }

    #[test]
    fn what_is_not_a_picture_of_ours_is_refused_with_a_reason() {
        let reason = |bytes: &[u8]| match reencode(bytes) {
            Err(AppError::Validation(e)) => (e[0].field.clone(), e[0].msg),
            other => panic!("{:?}", other.map(|c| (c.width, c.height))),
        };
        assert_eq!(reason(b""), ("cover".into(), Msg::ErrCoverMissing));
        assert_eq!(
            reason(b"<svg xmlns='http://www.w3.org/2000/svg'/>").1,
            Msg::ErrCoverType
        );
        assert_eq!(reason(b"GIF89a\x01\0\x01\0\0\0\0").1, Msg::ErrCoverType);
        // A JPEG's start and then nothing a decoder can use.
        let mut broken = jpeg(200, 200)[..20].to_vec();
        broken.extend([0x13; 64]);
        assert_eq!(reason(&broken).1, Msg::ErrCoverUnreadable);
        assert_eq!(
            reason(&vec![0xFF; MAX_UPLOAD_BYTES + 1]).1,
            Msg::ErrCoverTooLarge
        );
        // A small file whose header claims 20,000 × 20,000 pixels (a "decompression bomb"):
        // the frame header (SOF0) holds the height and width after its length and precision.
        let mut bomb = jpeg(16, 16);
        let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        bomb[sof + 5..sof + 7].copy_from_slice(&20_000u16.to_be_bytes());
        bomb[sof + 7..sof + 9].copy_from_slice(&20_000u16.to_be_bytes());
        assert_eq!(reason(&bomb).1, Msg::ErrCoverTooLarge);
    }
}
