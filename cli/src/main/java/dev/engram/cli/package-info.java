/**
 * The {@code engram} command line ({@link dev.engram.cli.Main}): one class per subcommand ({@code inspect},
 * {@code predict}, {@code convert}, {@code compare}, {@code train}, {@code plot}) over the engine and the I/O
 * modules' public API, plus the small readers they share (CSV tables, cases files, the training config) and
 * the one-line error reporting with fixed exit codes ({@link dev.engram.cli.ExitCodes}).
 */
package dev.engram.cli;
