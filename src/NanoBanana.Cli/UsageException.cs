namespace NanoBanana.Cli;

/// <summary>Bad input, refused before any request: the message names the option and its valid values (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A state the command cannot act on (e.g. results of a job that is still running): exit code 1 with the next move.</summary>
internal sealed class CliStateException(string type, string message, string nextMove) : Exception(message)
{
    public string Type { get; } = type;

    public string NextMove { get; } = nextMove;
}
