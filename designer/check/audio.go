package check

import (
	"path"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/source"
)

// AudioExtensions are the formats of a page's recording (audio: in a text
// step's front matter): those every current browser plays in <audio>
// (MP3, AAC in MP4, Opus or Vorbis in Ogg) and small enough for a phone.
// WAV is left out: it is uncompressed, ten times the size of the same
// speech as MP3.
var AudioExtensions = []string{".m4a", ".mp3", ".ogg"}

// MaxAudioSize bounds a page's recording: half an hour of speech at 128
// kbit/s. A citizen on a phone downloads it when pressing play.
const MaxAudioSize = 30 << 20

// pageAudio checks the recording of a text page: a file under media/ in a
// format of AudioExtensions and at most MaxAudioSize, on a text step that
// has text, because the page is the recording's text equivalent. The file
// is then in the bundle and its manifest like every media file.
func (c *checker) pageAudio(st *designer.Step) {
	pos, ref := st.At("audio"), st.Audio
	if st.Kind != designer.KindText {
		c.errorf(pos, "designer.audio.not_text", st.Kind)
		return
	}
	if strings.Contains(ref, "://") {
		c.errorf(pos, "designer.audio.not_file", ref)
		return
	}
	name := strings.TrimPrefix(ref, "./")
	if ext := strings.ToLower(path.Ext(name)); !slices.Contains(AudioExtensions, ext) {
		c.errorf(pos, "designer.audio.bad_format", ref, strings.Join(AudioExtensions, " "))
		return
	}
	if !strings.HasPrefix(name, source.MediaDir+"/") || !c.media[name] {
		c.mediaRef(pos, "audio", ref) // says what is wrong with the reference
		return
	}
	c.useMedia(name)
	if size, ok := c.u.MediaSizes[name]; ok && size > MaxAudioSize {
		c.errorf(pos, "designer.audio.too_large", name, float64(size)/(1<<20), MaxAudioSize>>20)
	}
	if strings.TrimSpace(string(st.Body)) == "" {
		c.errorf(pos, "designer.audio.no_text")
	}
}
