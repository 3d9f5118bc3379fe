package dev.kafkaeventing.platform.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The CLI's one error format, kubectl's: {@code error: MESSAGE} on standard error. A usage mistake
 * (a missing or unknown argument, a bad value) adds {@code See 'kafka-eventing CMD --help'.} and
 * exits 2; a failure while running (the platform refused or is unreachable) exits 1.
 */
public final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

  /** Exit code of a usage mistake. */
  public static final int USAGE = 2;

  /** Exit code of a failure while running. */
  public static final int FAILURE = 1;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println("error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
    err.flush();
    return FAILURE;
  }

  /** Installs the handlers on a command line. */
  public static CommandLine install(CommandLine commandLine) {
    CliErrors errors = new CliErrors();
    return commandLine.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
  }
}
