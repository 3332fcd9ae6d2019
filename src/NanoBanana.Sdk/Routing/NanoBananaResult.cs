using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk;

/// <summary>What a <see cref="NanoBananaResult"/> carries.</summary>
public enum NanoBananaResultKind
{
    /// <summary>The image call ran: <see cref="NanoBananaResult.Image"/> is set.</summary>
    Image = 0,

    /// <summary>The work became a Batch job: <see cref="NanoBananaResult.BatchJob"/> is set; poll or wait on it for the image.</summary>
    BatchJob = 1,
}

/// <summary>One rung of the fallback ladder: the plan tried, why it was tried, and how it ended.</summary>
public sealed record RouteAttempt
{
    /// <summary>The attempt's position, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>The plan that was run.</summary>
    public required RoutePlan Plan { get; init; }

    /// <summary>The fallback step that produced <see cref="Plan"/>; <see langword="null"/> for the first plan.</summary>
    public FallbackStep? Step { get; init; }

    /// <summary>Why this attempt was made (the first plan, or the step and the error it answers).</summary>
    public required string Reason { get; init; }

    /// <summary>The failure, or <see langword="null"/> when the attempt succeeded (or submitted a Batch job).</summary>
    public NanoBananaException? Error { get; init; }

    /// <summary>The error kind of <see cref="Error"/>, or <see langword="null"/>.</summary>
    public ErrorKind? ErrorKind => Error?.Kind;

    /// <summary>What this attempt cost (settled in the budget ledger): 0 when not billed.</summary>
    public required decimal CostUsd { get; init; }

    /// <summary>What the ladder cost up to and including this attempt.</summary>
    public required decimal CostSoFarUsd { get; init; }

    /// <summary>One line for logs.</summary>
    /// <returns>E.g. <c>#2 LowerResolution Official/GoogleStandard gemini-3-pro-image 2K: ok, $0.1344 (so far $0.1344)</c>.</returns>
    public override string ToString() =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"#{Number} {(Step?.ToString() ?? "plan")} {Plan.Route}/{Plan.Lane}{(Plan.Provider is null ? string.Empty : $" ({Plan.Provider})")} {Plan.Model} {Plan.Size?.Value ?? Plan.PricedSize.Value}: {(Error is null ? "ok" : Error.Kind.ToString())}, ${CostUsd:0.######} (so far ${CostSoFarUsd:0.######})");
}

/// <summary>
/// The outcome of <see cref="INanoBananaClient.GenerateAsync(ImageRequest, CancellationToken)"/>: either an image (<see cref="Image"/>) or, for offline
/// work, a Batch job handle (<see cref="BatchJob"/>); always the plan that produced it and the whole fallback ladder.
/// </summary>
public sealed class NanoBananaResult
{
    /// <summary>Whether an image or a Batch job came back.</summary>
    public required NanoBananaResultKind Kind { get; init; }

    /// <summary>The image result when <see cref="Kind"/> is <see cref="NanoBananaResultKind.Image"/>; otherwise <see langword="null"/>.</summary>
    public ImageGenerationResult? Image { get; init; }

    /// <summary>The Batch job when <see cref="Kind"/> is <see cref="NanoBananaResultKind.BatchJob"/>; otherwise <see langword="null"/>.</summary>
    public ImageBatchJob? BatchJob { get; init; }

    /// <summary>The key of the request's line in the Batch job (<see cref="BatchItemResult.Key"/>); <see langword="null"/> for an image.</summary>
    public string? BatchItemKey { get; init; }

    /// <summary>The plan that produced this result (the last rung of <see cref="Attempts"/>).</summary>
    public required RoutePlan Plan { get; init; }

    /// <summary>Every plan tried, in order, with its error and cost: the whole ladder. One entry when the first plan worked.</summary>
    public required IReadOnlyList<RouteAttempt> Attempts { get; init; }

    /// <summary>
    /// What the ladder cost, in USD: the settled cost of every attempt (for a Batch job, the reserved estimate,
    /// since the job bills later).
    /// </summary>
    public decimal CostUsd => Attempts.Count == 0 ? 0m : Attempts[^1].CostSoFarUsd;

    /// <summary>The image result, or an exception naming the Batch job when the work became one.</summary>
    /// <returns>The image result.</returns>
    /// <exception cref="InvalidOperationException">The result is a Batch job.</exception>
    public ImageGenerationResult EnsureImage() => Image ?? throw new InvalidOperationException(
        $"The request became Batch job '{BatchJob?.Id}' (offline work): wait for it with BatchJob.WaitForCompletionAsync and read BatchJob.GetResultsAsync (line key '{BatchItemKey}').");
}
