//! The demo's pictures, drawn here so the demo shows a city's own look without shipping
//! picture files: the logo (Ljubljana's castle hill as three towers, in the demo's green) and
//! a cover per consultation (the castle hill over the river and roofs, in the goal's colour,
//! with a network of points across the sky).

use crate::consultations::cover::Cover;
use image::{Rgb, RgbImage};

pub fn castle_logo() -> Cover {
    const GREEN: Rgb<u8> = Rgb([0x00, 0x70, 0x3c]);
    let (w, h) = (160u32, 112u32);
    let mut img = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    let mut fill = |x0, y0, x1, y1| fill_rect(&mut img, (x0, y0, x1, y1), GREEN);
    // The hill, the wall, and three towers with battlements.
    fill(8, 92, 152, 104);
    fill(24, 64, 136, 92);
    for (x, top) in [(28u32, 36u32), (68, 16), (108, 36)] {
        fill(x, top, x + 24, 64);
        for k in 0..3 {
            fill(x + k * 9, top - 6, x + k * 9 + 6, top);
        }
    }
    to_cover(&img, 90)
}

/// Each goal's colours: the sky's top and bottom, and the hill and roofs in front.
const PALETTES: [([u8; 3], [u8; 3], [u8; 3]); 5] = [
    ([0x1d, 0x5f, 0x8a], [0x9c, 0xc9, 0xe3], [0x0b, 0x34, 0x4f]),
    ([0x1b, 0x6b, 0x45], [0xa8, 0xd8, 0xb9], [0x0c, 0x3b, 0x25]),
    ([0x4b, 0x3a, 0x8c], [0xc3, 0xb8, 0xe6], [0x26, 0x1c, 0x4d]),
    ([0x9a, 0x4a, 0x12], [0xf1, 0xc8, 0x92], [0x4f, 0x24, 0x08]),
    ([0x8c, 0x24, 0x3e], [0xee, 0xb4, 0xc1], [0x4a, 0x10, 0x20]),
];

/// The cover of the demo's `n`-th consultation (drawn once per process: seeding runs in many
/// tests).
pub fn consultation_cover(n: usize) -> Cover {
    static COVERS: std::sync::OnceLock<Vec<Cover>> = std::sync::OnceLock::new();
    let covers = COVERS.get_or_init(|| PALETTES.iter().map(draw_cover).collect());
    covers[n % covers.len()].clone()
}

fn draw_cover(&(top, bottom, ground): &([u8; 3], [u8; 3], [u8; 3])) -> Cover {
    let (w, h) = (960u32, 320u32);
    let mix = |a: [u8; 3], b: [u8; 3], t: f32| {
        Rgb([0, 1, 2].map(|i| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t) as u8))
    };
    // The sky, lighter towards the horizon.
    let mut img = RgbImage::from_fn(w, h, |_, y| mix(top, bottom, y as f32 / h as f32));
    let blend = |img: &mut RgbImage, x: i64, y: i64, c: [u8; 3], a: f32| {
        if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
            let p = img.get_pixel(x as u32, y as u32).0;
            img.put_pixel(x as u32, y as u32, mix(p, c, a));
        }
    };
    let disc = |img: &mut RgbImage, cx: f32, cy: f32, r: f32, c: [u8; 3], a: f32| {
        for y in (cy - r) as i64..=(cy + r) as i64 {
            for x in (cx - r) as i64..=(cx + r) as i64 {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                if d <= r {
                    blend(img, x, y, c, a);
                }
            }
        }
    };
    const WHITE: [u8; 3] = [255, 255, 255];
    // A network across the sky: points on a loose grid, each joined to its right neighbour
    // and the one below it.
    let points: Vec<(f32, f32)> = (0..7)
        .flat_map(|col| (0..3).map(move |row| (col, row)))
        .map(|(col, row)| {
            let jitter = ((col * 7 + row * 13) % 5) as f32 * 9.0;
            (
                60.0 + col as f32 * 140.0 + jitter,
                40.0 + row as f32 * 55.0 + jitter,
            )
        })
        .collect();
    for (i, &(x0, y0)) in points.iter().enumerate() {
        for j in [i + 1, i + 3] {
            if let Some(&(x1, y1)) = points.get(j).filter(|_| j != i + 1 || (i + 1) % 3 != 0) {
                let steps = ((x1 - x0).abs().max((y1 - y0).abs())) as i64;
                for s in 0..=steps {
                    let t = s as f32 / steps.max(1) as f32;
                    disc(
                        &mut img,
                        x0 + (x1 - x0) * t,
                        y0 + (y1 - y0) * t,
                        1.0,
                        WHITE,
                        0.35,
                    );
                }
            }
        }
        disc(&mut img, x0, y0, 5.0, WHITE, 0.8);
    }
    // The castle hill on the right, with its wall and three towers.
    let ground = Rgb(ground);
    let (hx, hy, hr) = (700.0f32, 330.0f32, 200.0f32);
    for y in 0..h {
        for x in 0..w {
            let dx = (x as f32 - hx) / (hr * 1.6);
            let dy = (y as f32 - hy) / hr;
            if dx * dx + dy * dy <= 1.0 {
                img.put_pixel(x, y, ground);
            }
        }
    }
    let mut fill = |x0, y0, x1, y1| fill_rect(&mut img, (x0, y0, x1, y1), ground);
    fill(610, 108, 800, 140);
    for (x, top) in [(615u32, 78u32), (680, 52), (755, 78)] {
        fill(x, top, x + 34, 140);
        for k in 0..3 {
            fill(x + k * 13, top - 9, x + k * 13 + 8, top);
        }
    }
    // Roofs of the old town along the river, then the river itself.
    let mut x = 0u32;
    let mut k = 0u32;
    while x < w {
        let width = 46 + (k * 17) % 30;
        let height = 40 + (k * 29) % 45;
        fill(x, 270 - height, x + width - 4, 270);
        x += width;
        k += 1;
    }
    let river = mix(bottom, [255, 255, 255], 0.35);
    for y in 270..h {
        for x in 0..w {
            let wave = ((x as f32 / 37.0).sin() * 2.0) as i64;
            let shade = if (y as i64 + wave) % 14 < 2 {
                mix(river.0, ground.0, 0.25)
            } else {
                river
            };
            img.put_pixel(x, y, shade);
        }
    }
    to_cover(&img, 82)
}

/// Paints the rectangle from (x0, y0) up to (x1, y1), cut to the picture.
fn fill_rect(img: &mut RgbImage, (x0, y0, x1, y1): (u32, u32, u32, u32), colour: Rgb<u8>) {
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            img.put_pixel(x, y, colour);
        }
    }
}

/// The picture as a stored cover: a JPEG of the given quality.
fn to_cover(img: &RgbImage, quality: u8) -> Cover {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(img)
        .expect("encoding an image in memory");
    Cover {
        jpeg,
        width: img.width(),
        height: img.height(),
    }
}

/// The demo's consultation of statements: a real Pol.is conversation, Bowling Green 2050
/// (Pol.is open data, compdemocracy/openData, CC BY 4.0: see `data/polis/README.md`), built
/// into the binary so a visitor sees opinion groups formed by real people.
pub fn bowling_green_2050() -> crate::statements::polis::Files<'static> {
    crate::statements::polis::Files {
        comments: include_str!("../../data/polis/bg2050-volunteers/comments.csv"),
        votes: None,
        participants_votes: Some(include_str!(
            "../../data/polis/bg2050-volunteers/participants-votes.csv"
        )),
        summary: Some(include_str!(
            "../../data/polis/bg2050-volunteers/summary.csv"
        )),
    }
}
