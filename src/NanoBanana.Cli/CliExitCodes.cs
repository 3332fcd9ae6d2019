namespace NanoBanana.Cli;

/// <summary>The exit codes of <c>nanobanana</c>; scripts depend on them.</summary>
public static class CliExitCodes
{
    /// <summary>0: success.</summary>
    public const int Success = 0;

    /// <summary>1: the service or the network failed; the classified error is printed (type, status, owner, next move, retry-after, request id, packet).</summary>
    public const int ServiceFailed = 1;

    /// <summary>2: bad input, refused before any request; the message names the option and its valid values.</summary>
    public const int InvalidInput = 2;

    /// <summary>3: a Batch job ended FAILED, CANCELLED or EXPIRED, or with failed items.</summary>
    public const int BatchNotSucceeded = 3;

    /// <summary>130: interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
