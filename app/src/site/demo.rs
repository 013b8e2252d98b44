//! The demo's logo: Ljubljana's castle hill as three towers, drawn here in the demo's green so
//! the demo shows a city's own look without shipping a picture file.

use crate::consultations::cover::Cover;
use image::{Rgb, RgbImage};

pub fn castle_logo() -> Cover {
    const GREEN: Rgb<u8> = Rgb([0x00, 0x70, 0x3c]);
    let (w, h) = (160u32, 112u32);
    let mut img = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32| {
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, GREEN);
            }
        }
    };
    // The hill, the wall, and three towers with battlements.
    fill(8, 92, 152, 104);
    fill(24, 64, 136, 92);
    for (x, top) in [(28u32, 36u32), (68, 16), (108, 36)] {
        fill(x, top, x + 24, 64);
        for k in 0..3 {
            fill(x + k * 9, top - 6, x + k * 9 + 6, top);
        }
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .expect("encoding an image in memory");
    Cover {
        jpeg,
        width: w,
        height: h,
    }
}
