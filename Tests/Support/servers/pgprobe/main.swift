import CLibPQ
import Foundation

// Reads the JSON line of `Tests/Support/servers/postgres.sh start` from PGPROBE_SERVER_JSON.
let env = ProcessInfo.processInfo.environment
guard let jsonPath = env["PGPROBE_SERVER_JSON"],
    let data = FileManager.default.contents(atPath: jsonPath),
    let server = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
else { fatalError("set PGPROBE_SERVER_JSON to DIR/server.json") }
let tcpURL = server["url"] as! String
let socketURL = server["socket_url"] as! String
let password = server["password"] as! String
let passfile = server["passfile"] as! String
let port = server["port"] as! Int
let socketDir = server["socket_dir"] as! String

print("libpq \(PQlibVersion()), PQisthreadsafe=\(PQisthreadsafe())")

// MARK: connecting

let sock = try PGConnection(socketURL)
check(sock.isOK, "unix socket URL \(socketURL) (trust)")
let who = try sock.exec("SELECT current_user, current_database(), inet_server_addr() IS NULL AS via_socket, version()")
check(
    who[0, "current_user"] == "cohort" && who[0, "via_socket"] == "t",
    "socket: user=\(who[0, "current_user"]!) db=\(who[0, "current_database"]!) via_socket=\(who[0, "via_socket"]!)")
print(
    "     server_version=\(sock.serverVersion) server_encoding=\(sock.parameter("server_encoding") ?? "?") TimeZone=\(sock.parameter("TimeZone") ?? "?")"
)

// TCP + PGPASSWORD
setenv("PGPASSWORD", password, 1)
let tcp = try PGConnection(tcpURL)
check(tcp.isOK && !tcp.sslInUse, "TCP \(tcpURL) with PGPASSWORD (scram-sha-256), ssl in use: \(tcp.sslInUse)")
unsetenv("PGPASSWORD")

// TCP + passfile: both as env PGPASSFILE and as the conninfo parameter passfile=
setenv("PGPASSFILE", passfile, 1)
check(((try? PGConnection(tcpURL))?.isOK) == true, "TCP with PGPASSFILE=\(passfile)")
unsetenv("PGPASSFILE")
check(((try? PGConnection(tcpURL + "?passfile=" + passfile))?.isOK) == true, "TCP with ?passfile= in the URL")

// no password at all, and a wrong one: the error text must not contain the password
setenv("PGPASSFILE", "/nonexistent", 1)
do {
    _ = try PGConnection(tcpURL)
    check(false, "no password: connected?")
} catch {
    check(
        error.pg.kind == .connect && error.pg.sqlstate == nil && error.pg.needsPassword && !error.pg.isUnreachable,
        "no password (needsPassword): \(error.pg.message)")
}
let wrongPassword = "Wr0ng-S3cret-\(UUID().uuidString.prefix(8))"
setenv("PGPASSWORD", wrongPassword, 1)
do {
    _ = try PGConnection(tcpURL)
    check(false, "wrong password: connected?")
} catch {
    check(
        !error.pg.message.contains(wrongPassword) && error.pg.passwordRefused && !error.pg.isUnreachable,
        "wrong password (env, passwordRefused): \(error.pg.message) — password not echoed")
}
unsetenv("PGPASSWORD")

// password in the URL itself, several malformed URLs: does any error echo the password?
let secret = "Sup3rS3cret"
let leakCases: [(String, String)] = [
    ("wrong password in URL", "postgres://cohort:\(secret)@127.0.0.1:\(port)/cohort"),
    ("refused port, password in URL", "postgres://cohort:\(secret)@127.0.0.1:1/cohort?connect_timeout=2"),
    ("bad port number", "postgres://cohort:\(secret)@127.0.0.1:99999x/cohort"),
    ("bad percent-encoding in password", "postgres://cohort:\(secret)%zz@127.0.0.1:\(port)/cohort"),
    ("unknown URL parameter", "postgres://cohort:\(secret)@127.0.0.1:\(port)/cohort?bogus=1"),
    ("bad sslmode value", "postgres://cohort:\(secret)@127.0.0.1:\(port)/cohort?sslmode=sometimes"),
    ("password= in a key/value conninfo, bad quote", "host=127.0.0.1 port=\(port) user=cohort password='\(secret)"),
    (
        "password= in a key/value conninfo, unknown key",
        "host=127.0.0.1 port=\(port) user=cohort password=\(secret) bogus=1"
    ),
    ("password as query parameter", "postgres://cohort@127.0.0.1:\(port)/cohort?password=\(secret)%zz"),
    ("unresolvable host", "postgres://cohort:\(secret)@no-such-host.invalid:\(port)/cohort?connect_timeout=2"),
]
// Known: libpq quotes a token it cannot percent-decode, and so the password when the bad "%" is in it.
let knownLeaks: Set<String> = ["bad percent-encoding in password", "password as query parameter"]
for (what, url) in leakCases {
    do {
        _ = try PGConnection(url)
        check(false, "\(what): connected?")
    } catch {
        let leaked = error.pg.message.contains(secret)
        check(
            leaked == knownLeaks.contains(what),
            "\(leaked ? "LEAKS the password: " : "")\(what): \(error.pg.message.replacingOccurrences(of: "\n", with: " | "))"
        )
    }
}
// PQconninfoParse tells, without connecting, whether a URL carries a password (to refuse it).
check(
    PGConnection.parse("postgres://cohort:\(secret)@127.0.0.1:\(port)/cohort")?["password"] == secret
        && PGConnection.parse(tcpURL)?["password"] == nil && PGConnection.parse("postgres://u:%zz@h/db") == nil,
    "PQconninfoParse: finds a password in a URL, none in the server's url, nil for an unparsable one")
// The way out: the URL without the password, the password beside it (PQconnectdbParams).
let awkward = "p%zz'\" \\:@/?#=&;"
/// ALTER ROLE takes no $1 parameters: quote the literal server-side, then run the statement.
func setPassword(_ new: String, on sock: PGConnection) throws {
    let quoted = try sock.exec("SELECT quote_literal($1) AS q", [new])[0, "q"]!
    try sock.exec("ALTER ROLE cohort PASSWORD \(quoted)")
}
try setPassword(awkward, on: sock)
check(
    ((try? PGConnection(url: tcpURL, password: awkward))?.isOK) == true,
    "PQconnectdbParams: URL without password + password \(awkward.debugDescription) beside it connects")
do {
    _ = try PGConnection(url: tcpURL + "?bogus=%zz", password: awkward)
    check(false, "bad URL: connected?")
} catch {
    check(!error.pg.message.contains(awkward), "PQconnectdbParams, bad URL: \(error.pg.message) (no password)")
}
do {
    _ = try PGConnection(url: tcpURL, password: awkward + "x")
    check(false, "wrong password: connected?")
} catch {
    check(!error.pg.message.contains(awkward), "PQconnectdbParams, wrong password: \(error.pg.message) (no password)")
}
try setPassword(password, on: sock)
// the right password in the URL works, and PQconninfo then hands it back in clear
let withPassword = try PGConnection("postgres://cohort:\(password)@127.0.0.1:\(port)/cohort")
check(withPassword.conninfoKeys()["password"] == password, "PQconninfo returns the password in clear: never log it")

// sslmode against a server without SSL
for mode in ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] {
    setenv("PGPASSWORD", password, 1)
    do {
        let c = try PGConnection(tcpURL + "?sslmode=\(mode)")
        print("ok    sslmode=\(mode): connected, ssl in use: \(c.sslInUse)")
    } catch {
        print("ok    sslmode=\(mode): \(error.pg.message.replacingOccurrences(of: "\n", with: " | "))")
    }
    unsetenv("PGPASSWORD")
}
// connection refused, and a socket folder with no server
for (what, url) in [
    ("nothing listening on the port", "postgres://cohort@127.0.0.1:1/cohort?connect_timeout=2"),
    ("socket folder without a server", "postgres:///cohort?host=/tmp&port=1&user=cohort"),
    (
        "no such database (server reachable; no SQLSTATE either)",
        socketURL.replacingOccurrences(of: "///cohort", with: "///nosuchdb")
    ),
] {
    let (err, ms) = time { () -> PGError? in
        do { _ = try PGConnection(url); return nil } catch { return error.pg }
    }
    check(
        err?.isUnreachable == true,
        "\(what) (\(Int(ms)) ms): \(err?.message.replacingOccurrences(of: "\n", with: " | ") ?? "connected?")")
}

// MARK: parameters and results

let db = sock
try db.exec("DROP TABLE IF EXISTS probe_people, probe_jobs, probe_accounts")
try db.exec(
    "CREATE TABLE probe_people (id bigserial PRIMARY KEY, username text UNIQUE NOT NULL, email text, signed_up_at timestamptz NOT NULL, nda boolean NOT NULL)"
)
let tricky = "Robert'); DROP TABLE probe_people;-- ünïcødé 🎉"
let ins = try db.exec(
    "INSERT INTO probe_people (username, email, signed_up_at, nda) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) RETURNING id",
    [
        "ana", "ana@example.org", "2022-02-01T12:00:00+01:00", "true",
        tricky, nil, "2022-02-02T00:00:00Z", "no",
    ])
check(
    ins.commandTuples == "2" && ins.rows.count == 2,
    "PQexecParams INSERT with 8 text parameters, a NULL, RETURNING: ids \(ins.rows.map { $0[0]! })")
let sel = try db.exec(
    "SELECT username, email, to_char(signed_up_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, nda FROM probe_people WHERE username = $1",
    [tricky])
check(
    sel.rows.count == 1 && sel[0, "username"] == tricky && sel[0, "email"] == nil && sel[0, "nda"] == "f",
    "text parameter round trip (quote, unicode, emoji), NULL read back as nil, boolean as \"f\", at=\(sel[0, "at"]!)")
_ = expectError("unique violation", sqlstate: "23505") {
    try db.exec("INSERT INTO probe_people (username, signed_up_at, nda) VALUES ($1, now(), false)", ["ana"])
}
_ = expectError("bad input (timestamptz)", sqlstate: "22007") { try db.exec("SELECT $1::timestamptz", ["not a date"]) }
_ = expectError("bad input (boolean)", sqlstate: "22P02") {
    try db.exec("INSERT INTO probe_people (username, signed_up_at, nda) VALUES ('x', now(), $1)", ["maybe"])
}
_ = expectError("not null violation", sqlstate: "23502") {
    try db.exec("INSERT INTO probe_people (username, signed_up_at, nda) VALUES (NULL, now(), false)")
}
_ = expectError("undefined table", sqlstate: "42P01") { try db.exec("SELECT * FROM no_such_table") }
_ = expectError("syntax error", sqlstate: "42601") { try db.exec("SELEC 1") }
_ = expectError("two statements in PQexecParams", sqlstate: "42601") { try db.exec("SELECT 1; SELECT 2", []) }
_ = expectError("in failed transaction", sqlstate: "25P02") {
    try db.exec("BEGIN")
    _ = try? db.exec("SELECT 1/0")
    try db.exec("SELECT 1")
}
try db.exec("ROLLBACK")

// MARK: SERIALIZABLE: write skew gives 40001 to one of two transactions

try db.exec("CREATE TABLE probe_accounts (id int PRIMARY KEY, on_call boolean NOT NULL)")
try db.exec("INSERT INTO probe_accounts VALUES (1, true), (2, true)")
let a = try PGConnection(socketURL), b = try PGConnection(socketURL)
try a.exec("BEGIN ISOLATION LEVEL SERIALIZABLE")
try b.exec("BEGIN ISOLATION LEVEL SERIALIZABLE")
let countA = try a.exec("SELECT count(*) FROM probe_accounts WHERE on_call")[0, "count"]!
let countB = try b.exec("SELECT count(*) FROM probe_accounts WHERE on_call")[0, "count"]!
try a.exec("UPDATE probe_accounts SET on_call = false WHERE id = 1")
try b.exec("UPDATE probe_accounts SET on_call = false WHERE id = 2")
try a.exec("COMMIT")
let serr = expectError(
    "SERIALIZABLE write skew (both saw \(countA)/\(countB) on call), second COMMIT", sqlstate: "40001"
) { try b.exec("COMMIT") }
check(serr?.isRetryable == true && b.isOK, "40001 is retryable and the connection stays usable")
_ = try? b.exec("ROLLBACK")
// the retry helper: the same conflict, then the retry succeeds
try db.exec("UPDATE probe_accounts SET on_call = true")
var firstTry = true
let (_, tries) = try b.transaction { c throws in
    _ = try c.exec("SELECT count(*) FROM probe_accounts WHERE on_call")
    if firstTry {
        firstTry = false
        try a.exec("BEGIN ISOLATION LEVEL SERIALIZABLE")
        _ = try a.exec("SELECT count(*) FROM probe_accounts WHERE on_call")
        try a.exec("UPDATE probe_accounts SET on_call = false WHERE id = 1")
        try a.exec("COMMIT")
    }
    try c.exec("UPDATE probe_accounts SET on_call = false WHERE id = 2")
}
check(tries == 2, "transaction helper retried a 40001 and committed on try \(tries)")

// MARK: deadlock 40P01 (needs two threads: both statements block)

try db.exec("UPDATE probe_accounts SET on_call = true")
let deadlockErrors = Box<[String]>([])
let phase = DispatchSemaphore(value: 0), phase2 = DispatchSemaphore(value: 0)
let d1 = onThread {
    let c = try! PGConnection(socketURL)
    try! c.exec("BEGIN")
    try! c.exec("UPDATE probe_accounts SET on_call = false WHERE id = 1")
    phase.signal(); phase2.wait()
    do { try c.exec("UPDATE probe_accounts SET on_call = false WHERE id = 2"); try c.exec("COMMIT") } catch {
        deadlockErrors.mutate { $0.append(error.pg.sqlstate ?? "-") }; _ = try? c.exec("ROLLBACK")
    }
}
let d2 = onThread {
    let c = try! PGConnection(socketURL)
    try! c.exec("BEGIN")
    try! c.exec("UPDATE probe_accounts SET on_call = false WHERE id = 2")
    phase2.signal(); phase.wait()
    do { try c.exec("UPDATE probe_accounts SET on_call = false WHERE id = 1"); try c.exec("COMMIT") } catch {
        deadlockErrors.mutate { $0.append(error.pg.sqlstate ?? "-") }; _ = try? c.exec("ROLLBACK")
    }
}
let (_, deadlockMs) = time {
    d1.wait(); d2.wait()
}
check(
    deadlockErrors.value == ["40P01"],
    "deadlock: one side got \(deadlockErrors.value) after \(Int(deadlockMs)) ms (deadlock_timeout 1s), the other committed"
)

// MARK: lock_not_available 55P03 and query_canceled 57014

try a.exec("BEGIN")
try a.exec("SELECT * FROM probe_accounts WHERE id = 1 FOR UPDATE")
_ = expectError("FOR UPDATE NOWAIT on a locked row", sqlstate: "55P03") {
    try b.exec("SELECT * FROM probe_accounts WHERE id = 1 FOR UPDATE NOWAIT")
}
try b.exec("SET lock_timeout = '200ms'")
let (lockErr, lockMs) = time {
    expectError("lock_timeout 200ms on a locked row", sqlstate: "55P03") {
        try b.exec("UPDATE probe_accounts SET on_call = false WHERE id = 1")
    }
}
print("     (\(Int(lockMs)) ms) primary message: \(lockErr?.message ?? "")")
try b.exec("RESET lock_timeout")
try a.exec("ROLLBACK")
try b.exec("SET statement_timeout = '200ms'")
let stErr = expectError("statement_timeout 200ms, pg_sleep(5)", sqlstate: "57014") { try b.exec("SELECT pg_sleep(5)") }
print("     primary message: \(stErr?.message ?? "")")
try b.exec("RESET statement_timeout")
// PQcancel from another thread (what Ctrl-C would do): also 57014
let token = b.cancelToken()!
let canceller = onThread {
    Thread.sleep(forTimeInterval: 0.3)
    if let problem = token.cancel() { print("FAIL  PQcancel: \(problem)") }
}
let (cancelErr, cancelMs) = time {
    expectError("PQcancel from another thread during pg_sleep(5)", sqlstate: "57014") {
        try b.exec("SELECT pg_sleep(5)")
    }
}
canceller.wait()
print("     (\(Int(cancelMs)) ms) primary message: \(cancelErr?.message ?? "")")
check(b.isOK, "the connection is usable after a cancel")

// MARK: SKIP LOCKED claim pattern

try db.exec(
    "CREATE TABLE probe_jobs (id bigserial PRIMARY KEY, state text NOT NULL DEFAULT 'queued', claimed_by text, attempts int NOT NULL DEFAULT 0)"
)
try db.exec("INSERT INTO probe_jobs (state) SELECT 'queued' FROM generate_series(1, 200)")
let claimSQL = """
    UPDATE probe_jobs SET state = 'sending', claimed_by = $1, attempts = attempts + 1
    WHERE id = (SELECT id FROM probe_jobs WHERE state = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING id
    """
// two open transactions at once: each gets a different row, neither waits
try a.exec("BEGIN")
try b.exec("BEGIN")
let (claimA, msA) = time { try! a.exec(claimSQL, ["a"]) }
let (claimB, msB) = time { try! b.exec(claimSQL, ["b"]) }
check(
    claimA.rows.count == 1 && claimB.rows.count == 1 && claimA.rows[0][0] != claimB.rows[0][0] && msB < 100,
    "SKIP LOCKED: a claimed \(claimA.rows[0][0]!) (\(String(format: "%.1f", msA)) ms), b claimed \(claimB.rows[0][0]!) while a's lock was held (\(String(format: "%.1f", msB)) ms)"
)
try a.exec("ROLLBACK")
try b.exec("ROLLBACK")
// two workers draining the queue: every job claimed exactly once
let claimed = Box<[String: [String]]>([:])
let workers = ["w1", "w2"].map { name in
    onThread {
        let c = try! PGConnection(socketURL)
        while true {
            let r = try! c.transaction("BEGIN") { c throws in try c.exec(claimSQL, [name]) }.value
            guard let id = r.rows.first?[0] else { break }
            try! c.exec("UPDATE probe_jobs SET state = 'sent' WHERE id = $1", [id])
            claimed.mutate { $0[name, default: []].append(id) }
        }
    }
}
let (_, drainMs) = time { workers.forEach { $0.wait() } }
let all = claimed.value.values.flatMap { $0 }
let dupes = try db.exec(
    "SELECT count(*) FILTER (WHERE attempts <> 1) AS bad, count(*) FILTER (WHERE state <> 'sent') AS left FROM probe_jobs"
)
check(
    all.count == 200 && Set(all).count == 200 && dupes[0, "bad"] == "0" && dupes[0, "left"] == "0",
    "two workers drained 200 jobs in \(Int(drainMs)) ms: w1 \(claimed.value["w1"]?.count ?? 0), w2 \(claimed.value["w2"]?.count ?? 0), none twice"
)

// MARK: pg_advisory_xact_lock serializes migrations

let migrationKey = "SELECT pg_advisory_xact_lock(hashtext('cohort.migrations'))"
try a.exec("BEGIN")
try a.exec(migrationKey)
let tryLock = try b.exec("SELECT pg_try_advisory_xact_lock(hashtext('cohort.migrations')) AS got")
check(tryLock[0, "got"] == "f", "pg_try_advisory_xact_lock while another transaction holds it: \(tryLock[0, "got"]!)")
let waited = Box<Double>(0)
let migrator = onThread {
    let c = try! PGConnection(socketURL)
    let (_, ms) = time { try! c.transaction("BEGIN") { c throws in try c.exec(migrationKey) } }
    waited.mutate { $0 = ms }
}
Thread.sleep(forTimeInterval: 0.5)
try a.exec("COMMIT")  // releases the lock: xact locks end with the transaction
migrator.wait()
check(waited.value >= 450, "the second migrator waited \(Int(waited.value)) ms for the first to COMMIT")

// MARK: connection lost

let victim = try PGConnection(socketURL)
try db.exec("SELECT pg_terminate_backend($1)", [String(victim.backendPID)])
Thread.sleep(forTimeInterval: 0.1)
do {
    try victim.exec("SELECT 1")
    check(false, "terminated backend: query worked?")
} catch {
    let e = error.pg
    check(
        e.isUnreachable && e.connectionLost && !victim.isOK,
        "terminated backend: sqlstate \(e.sqlstate ?? "nil"), connectionLost \(e.connectionLost): \(e.message.replacingOccurrences(of: "\n", with: " | "))"
    )
}

// MARK: notices, session settings in the URL

let noisy = try PGConnection(socketURL + "&application_name=cohort&options=-c%20TimeZone%3DUTC%20-c%20DateStyle%3DISO")
try noisy.exec("DROP TABLE IF EXISTS no_such_table_at_all")
check(
    noisy.notices == ["00000 table \"no_such_table_at_all\" does not exist, skipping"],
    "NOTICE went to the receiver, not stderr: \(noisy.notices)")
let settings = try noisy.exec(
    "SELECT current_setting('TimeZone') AS tz, current_setting('application_name') AS app, $1::timestamptz::text AS at",
    ["2022-02-04T17:00:00+01:00"])
check(
    settings[0, "tz"] == "UTC" && settings[0, "app"] == "cohort",
    "options=-c TimeZone=UTC in the URL: tz=\(settings[0, "tz"]!) app=\(settings[0, "app"]!); timestamptz as text: \(settings[0, "at"]!)"
)

try db.exec("DROP TABLE probe_people, probe_jobs, probe_accounts")
print(failures == 0 ? "all checks passed" : "\(failures) checks FAILED")
exit(failures == 0 ? 0 : 1)
