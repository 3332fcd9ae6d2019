namespace NanoBanana.Sdk.Emulator;

/// <summary>"The next <see cref="Times"/> requests matching <see cref="Match"/> answer <see cref="Fault"/>."</summary>
public sealed record FaultRule
{
    /// <summary>Which requests the rule applies to. Default every request.</summary>
    public FaultMatch Match { get; init; } = FaultMatch.Any;

    /// <summary>How many matching requests the rule answers before it is used up; at least 1. Default 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>What those requests get.</summary>
    public required Fault Fault { get; init; }
}
