package runner

// exeSuffix ends the name of every executable go build writes.
const exeSuffix = ".exe"
