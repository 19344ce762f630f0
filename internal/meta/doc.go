// Package meta infers and normalises article metadata from text and URLs:
// publishing outlet (credit lines, datelines, agency tags, bylines, URL
// hosts), cited outlets, language, dates, canonical URLs, titles, the
// normal form of article text and its boilerplate lines.
//
// It is pure: plain functions over strings, no I/O, no mutable package
// state (the outlet table is read-only general knowledge).
package meta
