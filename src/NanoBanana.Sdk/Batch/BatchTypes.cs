using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>The state of a Batch job. Both wire spellings (<c>BATCH_STATE_*</c> and <c>JOB_STATE_*</c>) map here.</summary>
public enum BatchJobState
{
    /// <summary>A state this SDK does not know (or <c>UNSPECIFIED</c>): treated as not finished, and logged as a warning.</summary>
    Unknown = 0,

    /// <summary>Accepted, not started.</summary>
    Pending = 1,

    /// <summary>Items are being processed.</summary>
    Running = 2,

    /// <summary>Finished; per-item results (successes and per-item errors) are available.</summary>
    Succeeded = 3,

    /// <summary>The job failed as a whole; see <see cref="ImageBatchJob.Error"/>.</summary>
    Failed = 4,

    /// <summary>The job was cancelled; items finished before the cancel may still be billed.</summary>
    Cancelled = 5,

    /// <summary>The job ran out of time (48 h); results of the items that finished may be available.</summary>
    Expired = 6,
}

/// <summary>How a job's requests are sent.</summary>
public enum BatchInputMode
{
    /// <summary>A JSONL file streamed through the Files API's resumable upload; results come back as a file. The default for image jobs.</summary>
    File = 0,

    /// <summary>Requests inside the create call (under <see cref="BatchImageClientOptions.InlineLimitBytes"/>); for small jobs only.</summary>
    Inline = 1,
}

/// <summary>A job's request counters (int64 strings on the wire; a missing counter is zero).</summary>
/// <param name="Total">Requests in the job.</param>
/// <param name="Succeeded">Requests that finished with a response.</param>
/// <param name="Failed">Requests that finished with an error.</param>
/// <param name="Pending">Requests not finished yet.</param>
public sealed record BatchJobStats(long Total, long Succeeded, long Failed, long Pending)
{
    /// <summary>Requests finished either way.</summary>
    public long Completed => Succeeded + Failed;
}

/// <summary>A progress report while waiting for a job.</summary>
/// <param name="State">The job's state at this poll.</param>
/// <param name="Stats">The job's counters at this poll.</param>
/// <param name="Elapsed">Time since waiting started (on the client's clock).</param>
public sealed record BatchJobProgress(BatchJobState State, BatchJobStats Stats, TimeSpan Elapsed);

/// <summary>One request of a Batch job, with your own key (e.g. a SKU) to match its result.</summary>
/// <param name="Key">Your key for the request: unique within the job, not blank.</param>
/// <param name="Request">The image request; its model must be the job's model (or null).</param>
public sealed record BatchImageItem(string Key, ImageRequest Request);

/// <summary>How to submit a job.</summary>
public sealed class BatchSubmitOptions
{
    /// <summary>The job's display name (required by the API). Default <c>nanobanana-</c> plus the UTC time.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The model for the whole job; default <see cref="BatchImageClientOptions.Model"/>.</summary>
    public string? Model { get; init; }

    /// <summary>File (default) or inline input.</summary>
    public BatchInputMode Mode { get; init; } = BatchInputMode.File;
}

/// <summary>A failure reported by the Batch API as a value (a whole job's error, or one item's), classified like an HTTP error.</summary>
public sealed record BatchError
{
    /// <summary>What kind of failure it is.</summary>
    public required ErrorKind Kind { get; init; }

    /// <summary>The HTTP status equivalent of the <c>google.rpc.Status</c> code (e.g. 400, 429, 500), when known.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The raw <c>google.rpc.Status</c> code (a gRPC code, e.g. 3 for <c>INVALID_ARGUMENT</c>), when the service gave one.</summary>
    public int? RpcCode { get; init; }

    /// <summary>The service's status string (e.g. <c>INVALID_ARGUMENT</c>), when given.</summary>
    public string? ServiceStatus { get; init; }

    /// <summary>The service's message, redacted.</summary>
    public string? Message { get; init; }

    /// <summary>Who most likely has to act.</summary>
    public required ErrorOwner Owner { get; init; }

    /// <summary>Whether resubmitting the same request may succeed.</summary>
    public bool IsTransient { get; init; }

    /// <summary>For a no-image item (<see cref="ErrorKind.NoImage"/>): why there was no image.</summary>
    public NoImageReason? NoImageReason { get; init; }

    /// <summary>For a no-image item: the raw finish or block reason (e.g. <c>IMAGE_SAFETY</c>).</summary>
    public string? FinishReason { get; init; }
}

/// <summary>One item's outcome, matched to your key: an image result, or a classified error as a value.</summary>
public sealed record BatchItemResult
{
    /// <summary>Your key for the request (from the results; <c>#n</c> with the 1-based line number when the service returned none).</summary>
    public required string Key { get; init; }

    /// <summary>The result when the item produced an image (Batch price in its cost record; <see cref="ImageGenerationResult.Latency"/> is null).</summary>
    public ImageGenerationResult? Result { get; init; }

    /// <summary>The error when it did not (including a no-image item with its reason).</summary>
    public BatchError? Error { get; init; }

    /// <summary>What this item costs: the result's record, or a no-image item's (billable per the Batch lane's rule), or a not-billed record for an error.</summary>
    public required CostRecord Cost { get; init; }

    /// <summary>Whether the item produced an image.</summary>
    public bool IsSuccess => Result is not null;
}

/// <summary>What <c>WriteResultsToFolderAsync</c> did.</summary>
public sealed record BatchFolderResult
{
    /// <summary>Images written in this run.</summary>
    public int Written { get; init; }

    /// <summary>Images already in the folder with a matching size and <c>.sha256</c> sidecar, left alone (including <see cref="ReusedWithoutDownload"/> ones).</summary>
    public int Skipped { get; init; }

    /// <summary>Items without an image (written as <c>&lt;key&gt;.error.json</c>).</summary>
    public int Failed { get; init; }

    /// <summary>The job's cost for all its items (written, skipped and billable no-image items); <see langword="null"/> when a price is missing.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>
    /// Items (images and failures) a previous run had finished and that were verified on disk against the folder's
    /// manifest, so their part of the results file was not downloaded again.
    /// </summary>
    public int ReusedWithoutDownload { get; init; }
}

/// <summary>A Batch job's expected cost before it is submitted: one estimate per model, size and operation.</summary>
/// <param name="ItemCount">Items estimated.</param>
/// <param name="TotalUsd">The total, or <see langword="null"/> when a price row is missing (never a silent zero).</param>
/// <param name="Lines">The estimates per model, size and operation, at the Batch price.</param>
public sealed record BatchEstimate(long ItemCount, decimal? TotalUsd, IReadOnlyList<CostEstimate> Lines);
