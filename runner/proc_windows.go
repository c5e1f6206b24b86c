package runner

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// procGroup is the program's Job Object for BackendPortable: the
// program is started suspended, put in the job, then resumed, so every
// process it ever starts is in the job too (none can break away), and
// terminating the job, or closing its last handle (kill-on-close, which
// also covers workbook dying), kills them all.
type procGroup struct {
	job, proc windows.Handle
}

// newProcGroup creates the job and makes cmd start suspended.
func newProcGroup(cmd *exec.Cmd) (*procGroup, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, fmt.Errorf("creating a job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{
			LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
		},
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return nil, fmt.Errorf("setting up the job object: %w", err)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_SUSPENDED}
	return &procGroup{job: job}, nil
}

// started puts the suspended program in the job and resumes it.
func (g *procGroup) started(p *os.Process) error {
	const access = windows.PROCESS_SET_QUOTA | windows.PROCESS_TERMINATE | windows.PROCESS_QUERY_LIMITED_INFORMATION
	h, err := windows.OpenProcess(access, false, uint32(p.Pid))
	if err != nil {
		return fmt.Errorf("opening the program's process: %w", err)
	}
	g.proc = h
	if err := windows.AssignProcessToJobObject(g.job, h); err != nil {
		return fmt.Errorf("putting the program in its job object: %w", err)
	}
	return resumeProcess(uint32(p.Pid))
}

// resumeProcess resumes the threads of a process started suspended
// (there is one; os/exec does not keep its handle).
func resumeProcess(pid uint32) error {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return fmt.Errorf("resuming the program: %w", err)
	}
	defer windows.CloseHandle(snap)
	te := windows.ThreadEntry32{Size: uint32(unsafe.Sizeof(windows.ThreadEntry32{}))}
	resumed := 0
	for err = windows.Thread32First(snap, &te); err == nil; err = windows.Thread32Next(snap, &te) {
		if te.OwnerProcessID != pid {
			continue
		}
		th, err := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, te.ThreadID)
		if err != nil {
			return fmt.Errorf("resuming the program: %w", err)
		}
		_, err = windows.ResumeThread(th)
		windows.CloseHandle(th)
		if err != nil {
			return fmt.Errorf("resuming the program: %w", err)
		}
		resumed++
	}
	if resumed == 0 {
		return errors.New("resuming the program: no thread found")
	}
	return nil
}

// interrupt reports that Windows has no signal to send: a traced
// program that times out is killed at once and its trace is partial.
func (g *procGroup) interrupt() bool { return false }

// killDescendants has nothing to do: the job holds them all.
func (g *procGroup) killDescendants() {}

// kill terminates every process in the job.
func (g *procGroup) kill() {
	windows.TerminateJobObject(g.job, 1)
}

// close kills what is left (kill-on-close) and releases the handles.
func (g *procGroup) close() {
	if g.proc != 0 {
		windows.CloseHandle(g.proc)
	}
	windows.CloseHandle(g.job)
}

// status is the exit code, or -1 and SIGKILL for a program workbook
// terminated (Windows has no signals; this is what the other systems
// report for the same stop).
func (g *procGroup) status(ps *os.ProcessState, killed bool) (int, string) {
	if killed {
		return -1, "SIGKILL"
	}
	return ps.ExitCode(), ""
}

// jobAccounting is JOBOBJECT_BASIC_ACCOUNTING_INFORMATION (times in
// 100 ns units).
type jobAccounting struct {
	TotalUserTime, TotalKernelTime                int64
	ThisPeriodTotalUserTime, ThisPeriodKernelTime int64
	TotalPageFaultCount, TotalProcesses           uint32
	ActiveProcesses, TotalTerminatedProcesses     uint32
}

// usage is the CPU time of every process the job held and the peak
// committed memory of the largest one, in KiB (Windows keeps no peak
// working set for a job; committed memory is what it accounts).
func (g *procGroup) usage(ps *os.ProcessState) (user, sys time.Duration, maxRSS int64) {
	user, sys = ps.UserTime(), ps.SystemTime()
	var acct jobAccounting
	if windows.QueryInformationJobObject(g.job, windows.JobObjectBasicAccountingInformation,
		uintptr(unsafe.Pointer(&acct)), uint32(unsafe.Sizeof(acct)), nil) == nil {
		user, sys = time.Duration(acct.TotalUserTime)*100, time.Duration(acct.TotalKernelTime)*100
	}
	var ext windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	if windows.QueryInformationJobObject(g.job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&ext)), uint32(unsafe.Sizeof(ext)), nil) == nil {
		maxRSS = int64(ext.PeakProcessMemoryUsed / 1024)
	}
	return user, sys, maxRSS
}
