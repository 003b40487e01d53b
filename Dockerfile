# syntax=docker/dockerfile:1

# Build: a static binary (pure-Go SQLite, no cgo). The go command fetches the Go 1.27
# toolchain PocketBase v0.40 needs (GOTOOLCHAIN=auto), whatever the base image's Go is.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOTOOLCHAIN=auto
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags "-s -w" -o /out/duo . \
 && mkdir -p /out/pb_data

# Run: no shell, no package manager, CA certificates for Firebase, a non-root user (65532).
# Time zone data is compiled into the binary (time/tzdata). Push notifications: mount the
# Firebase service-account JSON read-only and name it, e.g.
#   -v /etc/duo/fcm.json:/run/secrets/fcm.json:ro -e DUO_FCM_CREDENTIALS=/run/secrets/fcm.json
# (without it pushes are only logged).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/duo /duo
COPY --from=build --chown=65532:65532 /out/pb_data /pb_data
USER 65532:65532
VOLUME ["/pb_data"]
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["/duo", "health", "--url", "http://127.0.0.1:8090"]
ENTRYPOINT ["/duo"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/pb_data"]
