package queue

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// jsonUnmarshal decodes exactly one JSON value: trailing data is an error.
func jsonUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}
