// Package testkit gives tests a seeded duo database: two branches, people in every role and
// duos at every stage, built once per test binary and cloned for each test.
package testkit

// Fixed ids of the fixtures, so that a test reads like the situation it checks.
const (
	BranchBrussels = "branchbrussels1"
	BranchAntwerp  = "branchantwerp01"

	CoordBrussels = "coordbrussels01"
	CoordAntwerp  = "coordantwerp001"

	// The duo most tests look at: active for 60 days in Brussels.
	MentorOne = "mentorduoone001"
	MenteeOne = "menteeduoone001"
	DuoOne    = "duoactive000001"
	// Another active duo of the same branch: its people must not see duo one.
	MentorTwo = "mentorduotwo001"
	MenteeTwo = "menteeduotwo001"
	DuoTwo    = "duoactive000002"

	MentorProposed = "mentorproposed1"
	MenteeProposed = "menteeproposed1"
	DuoProposed    = "duoproposed0001"

	MentorValidated = "mentorvalidated"
	MenteeValidated = "menteevalidated"
	DuoValidated    = "duovalidated001"

	// Completed 10 days ago: its meeting log is still open (30 days of grace).
	MentorCompleted = "mentorcompleted"
	MenteeCompleted = "menteecompleted"
	DuoCompleted    = "duocompleted001"

	// Completed 60 days ago: everything about it is closed.
	MentorClosed = "mentorclosed001"
	MenteeClosed = "menteeclosed001"
	DuoClosed    = "duoclosed000001"

	FreeMentor = "mentorfree00001"
	FreeMentee = "menteefree00001"

	MentorAntwerp = "mentorantwerp01"
	MenteeAntwerp = "menteeantwerp01"
	DuoAntwerp    = "duoantwerp00001"

	ObjectiveOne    = "objectiveduo001"
	ObjectiveTwo    = "objectiveduo002"
	ObjectiveClosed = "objectiveclosed"
	MeetingOne      = "meetingduo00001"
	MeetingTwo      = "meetingduo00002"
	MeetingClosed   = "meetingclosed01"

	SuperuserEmail = "superuser@test.example.org"
	Password       = "correct-horse-1"
)

// Callers are the kinds of caller every access test goes through. Anonymous is empty.
const (
	Anonymous   = ""
	Superuser   = "superuser"
	DuoMentee   = MenteeOne
	DuoMentor   = MentorOne
	OtherMentee = MenteeTwo
	Coord       = CoordBrussels
	OtherCoord  = CoordAntwerp
)

// person is a fixture account.
type person struct {
	id, name, role, branch, locale string
}

var people = []person{
	{CoordBrussels, "Claire Coordinatrice", "coordinator", BranchBrussels, "fr"},
	{CoordAntwerp, "Koen Coördinator", "coordinator", BranchAntwerp, "nl"},
	{MentorOne, "Marc Mentor", "mentor", BranchBrussels, "fr"},
	{MenteeOne, "Amina Mentee", "mentee", BranchBrussels, "fr"},
	{MentorTwo, "Bart Mentor", "mentor", BranchBrussels, "nl"},
	{MenteeTwo, "Olga Mentee", "mentee", BranchBrussels, "en"},
	{MentorProposed, "Luc Mentor", "mentor", BranchBrussels, "fr"},
	{MenteeProposed, "Artem Mentee", "mentee", BranchBrussels, "en"},
	{MentorValidated, "Anne Mentor", "mentor", BranchBrussels, "fr"},
	{MenteeValidated, "Needa Mentee", "mentee", BranchBrussels, "fr"},
	{MentorCompleted, "Hedwig Mentor", "mentor", BranchBrussels, "nl"},
	{MenteeCompleted, "Tigran Mentee", "mentee", BranchBrussels, "nl"},
	{MentorClosed, "Jo Mentor", "mentor", BranchBrussels, "fr"},
	{MenteeClosed, "Vettri Mentee", "mentee", BranchBrussels, "en"},
	{FreeMentor, "Paul Mentor", "mentor", BranchBrussels, "fr"},
	{FreeMentee, "Kathleen Mentee", "mentee", BranchBrussels, "fr"},
	{MentorAntwerp, "Stef Mentor", "mentor", BranchAntwerp, "nl"},
	{MenteeAntwerp, "Artem Mentee", "mentee", BranchAntwerp, "nl"},
}

// duoFixture is a fixture duo and how far it has come.
type duoFixture struct {
	id, branch, mentor, mentee, coordinator, stage string
	startedDaysAgo                                 int
}

var duos = []duoFixture{
	{DuoOne, BranchBrussels, MentorOne, MenteeOne, CoordBrussels, "active", 60},
	{DuoTwo, BranchBrussels, MentorTwo, MenteeTwo, CoordBrussels, "active", 30},
	{DuoProposed, BranchBrussels, MentorProposed, MenteeProposed, CoordBrussels, "proposed", 0},
	{DuoValidated, BranchBrussels, MentorValidated, MenteeValidated, CoordBrussels, "validated", 0},
	{DuoCompleted, BranchBrussels, MentorCompleted, MenteeCompleted, CoordBrussels, "completed", 192},
	{DuoClosed, BranchBrussels, MentorClosed, MenteeClosed, CoordBrussels, "completed", 240},
	{DuoAntwerp, BranchAntwerp, MentorAntwerp, MenteeAntwerp, CoordAntwerp, "active", 20},
}
