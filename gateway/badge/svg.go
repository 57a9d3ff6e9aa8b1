package badge

// The SVG of a badge (a label and a value, side by side) and of a wall (one row per page).
// Accessible as an image: role="img", an aria-label and a <title> that say the whole
// badge in words. Each text's width is pinned with textLength, so that a browser without
// DejaVu Sans still fits the text in the box computed from its widths.

import (
	"fmt"
	"math"
	"strings"
)

// Style is the badge's look: "flat" (rounded, a light gradient) or "flat-square".
type Style string

const (
	Flat       Style = "flat"
	FlatSquare Style = "flat-square"
)

const (
	height     = 20
	padding    = 6 // each side of a text
	rowGap     = 4 // between the rows of a wall
	labelFill  = "#555"
	fontFamily = "DejaVu Sans,Verdana,Geneva,sans-serif"
)

// Row is one label and value pair, and the colour of the value's side.
type Row struct {
	Label string
	Value string
	Fill  string
}

// sideWidth is a box's width for a text: the text and its padding, whole pixels.
func sideWidth(text string) int { return int(math.Ceil(textWidth(text))) + 2*padding }

// Render is one badge.
func Render(row Row, style Style) string {
	return renderRows([]Row{row}, style, row.Label+": "+row.Value)
}

// RenderWall is several badges stacked, their columns aligned; title names the whole.
func RenderWall(rows []Row, style Style, title string) string {
	words := make([]string, len(rows))
	for i, row := range rows {
		words[i] = row.Label + ": " + row.Value
	}
	return renderRows(rows, style, title+": "+strings.Join(words, "; "))
}

func renderRows(rows []Row, style Style, accessibleName string) string {
	labelWidth, valueWidth := 0, 0
	for _, row := range rows {
		if w := sideWidth(row.Label); w > labelWidth {
			labelWidth = w
		}
		if w := sideWidth(row.Value); w > valueWidth {
			valueWidth = w
		}
	}
	width := labelWidth + valueWidth
	total := len(rows)*height + (len(rows)-1)*rowGap
	name := escape(accessibleName)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		width, total, width, total, name)
	fmt.Fprintf(&b, `<title>%s</title>`, name)
	radius := 3
	if style == FlatSquare {
		radius = 0
	} else {
		b.WriteString(`<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`)
	}
	for i, row := range rows {
		y := i * (height + rowGap)
		fmt.Fprintf(&b, `<g class="badge" transform="translate(0 %d)" aria-hidden="true">`, y)
		fmt.Fprintf(&b, `<clipPath id="r%d"><rect width="%d" height="%d" rx="%d" fill="#fff"/></clipPath>`, i, width, height, radius)
		fmt.Fprintf(&b, `<g clip-path="url(#r%d)"><rect class="label" width="%d" height="%d" fill="%s"/><rect class="value" x="%d" width="%d" height="%d" fill="%s"/>`,
			i, labelWidth, height, labelFill, labelWidth, valueWidth, height, row.Fill)
		if style != FlatSquare {
			fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="url(#s)"/>`, width, height)
		}
		b.WriteString(`</g>`)
		fmt.Fprintf(&b, `<g fill="#fff" text-anchor="middle" font-family="%s" font-size="11">`, fontFamily)
		writeText(&b, "label", row.Label, float64(labelWidth)/2)
		writeText(&b, "value", row.Value, float64(labelWidth)+float64(valueWidth)/2)
		b.WriteString(`</g></g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// writeText is a text with its shadow (one pixel lower, dark and faint: legible on every fill).
func writeText(b *strings.Builder, class, text string, center float64) {
	length := textWidth(text)
	fmt.Fprintf(b, `<text x="%.1f" y="15" fill="#010101" fill-opacity=".3" textLength="%.1f" lengthAdjust="spacingAndGlyphs">%s</text>`,
		center, length, escape(text))
	fmt.Fprintf(b, `<text class="%s" x="%.1f" y="14" textLength="%.1f" lengthAdjust="spacingAndGlyphs">%s</text>`,
		class, center, length, escape(text))
}
