package pdf

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// imageDPI is how many pixels of a picture make an inch on paper: the
// density browsers show pictures at, so that a picture is as wide on paper
// as on the screen.
const imageDPI = 96

// image prints the picture at name (as written in the Markdown) at its
// natural size, narrowed to the width of the text and the height of a page,
// or its alt text in a box when it cannot be had.
func (d *doc) image(name, alt string) {
	info := d.registerImage(name)
	if info == nil {
		d.altBox(name, alt)
		return
	}
	x := d.indent()
	w, h := fit(info.Width(), info.Height(), pageW-marginRight-x, pageH-marginTop-marginBottom-2)
	d.ensure(h)
	y := d.f.GetY()
	d.f.ImageOptions("media:"+name, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
	d.f.SetXY(x, y+h)
}

// registerImage adds the image to the document once, under a name taken
// from its path so that output stays the same from run to run. It returns
// nil when the image is missing or is no PNG or JPEG fpdf can embed.
func (d *doc) registerImage(name string) *fpdf.ImageInfoType {
	if info, ok := d.images[name]; ok {
		return info
	}
	d.images[name] = nil
	if d.media == nil || strings.Contains(name, "://") {
		return nil
	}
	data, err := d.media(name)
	if err != nil {
		return nil
	}
	var tp string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		tp = "PNG"
		if data, err = plainPNG(data); err != nil {
			return nil
		}
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		tp = "JPG"
		if _, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil {
			return nil
		}
	default:
		return nil
	}
	info := d.f.RegisterImageOptionsReader("media:"+name, fpdf.ImageOptions{ImageType: tp}, bytes.NewReader(data))
	if d.f.Err() {
		d.f.ClearError()
		return nil
	}
	if info == nil || info.Width() <= 0 || info.Height() <= 0 {
		return nil
	}
	// Whatever density the file claims, a pixel is 1/96 inch, as in a
	// browser; fpdf's Width and Height follow it.
	info.SetDpi(imageDPI)
	d.images[name] = info
	return info
}

// fit is the size a picture of natural size w×h is printed at: never
// wider than maxW nor taller than maxH, and never enlarged.
func fit(w, h, maxW, maxH float64) (float64, float64) {
	if w > maxW {
		w, h = maxW, h*maxW/w
	}
	if h > maxH {
		w, h = w*maxH/h, maxH
	}
	return w, h
}

// plainPNG returns a PNG fpdf can embed: fpdf reads neither interlaced
// PNGs nor 16 bits a channel, so those are decoded and encoded again.
func plainPNG(data []byte) ([]byte, error) {
	// IHDR follows the 8-byte signature and its own 8-byte header: width,
	// height, bit depth (16), colour type, compression, filter, interlace (20).
	if len(data) >= 8+8+13 {
		ihdr := data[16:]
		if binary.BigEndian.Uint32(ihdr) > 0 && ihdr[8] <= 8 && ihdr[12] == 0 {
			if _, err := png.DecodeConfig(bytes.NewReader(data)); err != nil {
				return nil, err
			}
			return data, nil
		}
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	// Drawing into NRGBA leaves 8 bits a channel.
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// altBox prints the alt text of a picture that cannot be shown, in a box.
func (d *doc) altBox(name, alt string) {
	if alt == "" {
		alt = name
	}
	saved := d.st
	d.st = style{size: sizeSmall, italic: true}
	d.apply()
	d.f.SetDrawColor(150, 150, 150)
	d.f.SetLineWidth(0.3)
	d.ensure(3 * lineSmall)
	d.f.SetX(d.indent())
	d.f.SetCellMargin(3)
	d.f.MultiCell(0, lineSmall+1, d.cat.T("pdf.image.missing", alt), "1", "C", false)
	d.f.SetCellMargin(0)
	d.st = saved
	d.apply()
}
