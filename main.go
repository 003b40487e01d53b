// Command duo is the backend and sync server of the DUO for a JOB mentoring app: PocketBase
// with duo's schema, rules and behaviour.
package main

import (
	"embed"
	"io/fs"
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/duoforajob/duo/config"
	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/erasure"
	"github.com/duoforajob/duo/healthcheck"
	"github.com/duoforajob/duo/hooks"
	_ "github.com/duoforajob/duo/migrations"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/sync"
	"github.com/duoforajob/duo/synctypes"
)

//go:embed pb_public
var publicFiles embed.FS

// The sync client kit, served to the app in pb_public/app as it is (clients/js/README.md).
//
//go:embed clients/js/src
var kitFiles embed.FS

func main() {
	// Container health checks run every few seconds: answer them without PocketBase's
	// bootstrap, which would open the database (and create a data folder) each time.
	if len(os.Args) > 1 && os.Args[1] == "health" {
		health := healthcheck.Command()
		health.SetArgs(os.Args[2:])
		if health.Execute() != nil {
			os.Exit(1)
		}
		return
	}

	// As pocketbase.New, with databases that overwrite what is deleted (an erased person).
	app := pocketbase.NewWithConfig(pocketbase.Config{
		DefaultDev: startedByGoRun(os.Args[0]),
		DBConnect:  erasure.DBConnect,
	})
	// The schema lives in Go migrations; changes made in the dashboard are not turned into files.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false})

	cfg, err := config.Load()
	if err != nil {
		log.Fatal(err)
	}
	builtIn, err := fs.Sub(publicFiles, "pb_public")
	if err != nil {
		log.Fatal(err)
	}
	// --publicDir serves the pages from a folder instead of the copy built in, as PocketBase's
	// own example does: a developer sees an edited page (a new app version) on the next start.
	var publicDir string
	app.RootCmd.PersistentFlags().StringVar(&publicDir, "publicDir", "", "serve the web pages from this folder instead of the copy built in")
	public := lateFS(func() fs.FS {
		if publicDir != "" {
			return os.DirFS(publicDir)
		}
		return builtIn
	})
	kit, err := fs.Sub(kitFiles, "clients/js/src")
	if err != nil {
		log.Fatal(err)
	}
	sender, err := notify.SenderFor(cfg.FCMCredentials, cfg.FCMEndpoint)
	if err != nil {
		log.Fatal(err)
	}
	hooks.Bind(app, hooks.Options{Public: public, Kit: kit, Config: cfg, Sender: sender})
	app.OnServe().BindFunc(announceConsole(os.Stdout))
	app.RootCmd.AddCommand(demo.Command(app), healthcheck.Command(), sync.EpochCommand(app), synctypes.Command(app))

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// lateFS is a file system chosen when it is first opened, once the command line is read.
type lateFS func() fs.FS

func (l lateFS) Open(name string) (fs.File, error) { return l().Open(name) }
