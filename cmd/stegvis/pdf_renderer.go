package main

import (
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/pdf"
)

// pdfRenderer is the renderer of the PDFs in a bundle.
func pdfRenderer() compiler.PDFRenderer { return pdf.New() }
