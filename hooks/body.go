package hooks

import (
	"errors"
	"io"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// CodeBodyNotObject: a body that is not an object of fields; its texts are in i18n/locales.
const CodeBodyNotObject = "duo_body_not_object"

// bodyNotObject is the answer to a body that is JSON but not an object.
const bodyNotObject = "The submitted data must be an object."

// bindBodyShape answers 400, naming "body", every write whose body is not an object of
// fields: every body PocketBase and duo read is one (record data, a sign-in, a push, an
// erasure's reason). PocketBase reads a JSON null as no body at all, a nil map a hook
// writing into panics on (500), and answers an array, a number, a string or a boolean with a
// 400 that does not say what is wrong. One check before any route, every route covered,
// those to come too. The same holds for a form's @jsonPayload.
func bindBodyShape(e *core.ServeEvent) {
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       "duoBodyShape",
		Priority: apis.DefaultBodyLimitMiddlewarePriority + 1, // within every body limit, before any route reads
		Func: func(e *core.RequestEvent) error {
			switch e.Request.Method {
			case http.MethodPost, http.MethodPut, http.MethodPatch:
			default:
				return e.Next()
			}
			if e.Request.ContentLength == 0 {
				return e.Next() // no body at all: the route asks for what it needs
			}
			contentType := e.Request.Header.Get("Content-Type")
			switch {
			case strings.HasPrefix(contentType, "application/json"):
				first, err := peekJSON(e.Request)
				if err != nil {
					return err // over the body limit (413), or the connection failed
				}
				if first != 0 && first != '{' {
					return notAnObject(e)
				}
			case strings.HasPrefix(contentType, "multipart/form-data"),
				strings.HasPrefix(contentType, "application/x-www-form-urlencoded"):
				// Parsed as PocketBase parses it (it does not parse a form twice).
				if err := e.Request.ParseMultipartForm(router.DefaultMaxMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
					return e.Next() // the route answers an unreadable form itself
				}
				for _, payload := range e.Request.Form[router.JSONPayloadKey] {
					if first := strings.TrimLeft(payload, " \t\n\r"); first == "" || first[0] != '{' {
						return notAnObject(e)
					}
				}
			}
			return e.Next()
		},
	})
}

func notAnObject(e *core.RequestEvent) error {
	return e.BadRequestError(bodyNotObject, validation.Errors{"body": validation.NewError(CodeBodyNotObject,
		`Send an object of fields, such as {"name": "value"}.`)})
}

// peekJSON reads a JSON body up to its first character that is not white space (0 for a
// blank body) and puts what it read back in front of the rest, so that the route reads the
// whole body, as many times as PocketBase lets it: a large body is not read twice.
func peekJSON(r *http.Request) (byte, error) {
	var head []byte
	buf := make([]byte, 512)
	for {
		n, err := r.Body.Read(buf)
		head = append(head, buf[:n]...)
		for _, c := range buf[:n] {
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				r.Body = &peeked{head: head, ReadCloser: r.Body}
				return c, nil
			}
		}
		if err == io.EOF {
			r.Body = &peeked{head: head, ReadCloser: r.Body}
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// peeked gives back the bytes already read, then the rest of the body; a reread (after
// PocketBase read it whole) starts from the body's own beginning again.
type peeked struct {
	head []byte
	io.ReadCloser
}

func (p *peeked) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.ReadCloser.Read(b)
}

func (p *peeked) Reread() {
	p.head = nil
	if r, ok := p.ReadCloser.(router.Rereader); ok {
		r.Reread()
	}
}
