using System.Collections.Concurrent;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// One request of a batch as admitted at creation: a job to answer (with the content fault scripted for it), or
/// the error it fails with inside the batch. The answer is rendered once, when the batch is first seen finished.
/// </summary>
/// <param name="Key">The item key (<c>metadata.key</c> inline, <c>key</c> in a JSONL file), if any.</param>
/// <param name="Metadata">The inline item's <c>metadata</c> as sent (raw JSON), echoed in its result.</param>
/// <param name="Job">The validated request, or null when the item fails.</param>
/// <param name="Fault">A content fault shaping the answer (finish reason, text only…), if scripted.</param>
/// <param name="ErrorStatus">The HTTP status of the item's failure (0 when it succeeds).</param>
/// <param name="ErrorMessage">The item's error message.</param>
internal sealed record BatchItem(string? Key, string? Metadata, ImageJob? Job, Fault? Fault, int ErrorStatus, string? ErrorMessage)
{
    public bool Failed => ErrorStatus != 0;
}

/// <summary>The batch lifecycle states, as the Gemini API spells them (<c>metadata.state</c>).</summary>
internal static class BatchStates
{
    public const string Pending = "BATCH_STATE_PENDING";
    public const string Running = "BATCH_STATE_RUNNING";
    public const string Succeeded = "BATCH_STATE_SUCCEEDED";
    public const string Failed = "BATCH_STATE_FAILED";
    public const string Cancelled = "BATCH_STATE_CANCELLED";
    public const string Expired = "BATCH_STATE_EXPIRED";
}

/// <summary>What a batch looks like at one instant.</summary>
/// <param name="State">A <see cref="BatchStates"/> value.</param>
/// <param name="Updated">When the state (or progress) last changed.</param>
/// <param name="Ended">When it reached a final state, if it has.</param>
/// <param name="Completed">How many items (in order) have been processed.</param>
/// <param name="HasResults">Whether results exist: a succeeded batch, or one expired by a <see cref="FaultKind.BatchExpired"/> fault (partial results).</param>
internal readonly record struct BatchSnapshot(string State, DateTimeOffset Updated, DateTimeOffset? Ended, int Completed, bool HasResults = false)
{
    public bool Done => Ended is not null;
}

/// <summary>
/// A batch. Its state is a pure function of the emulator clock: pending for the pending duration, then running
/// (items complete evenly over the running duration), then succeeded — unless it was cancelled, its input file
/// was unreadable (failed when it starts), or it expires first.
/// </summary>
internal sealed class BatchJob
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _cancelled;
    private IReadOnlyList<byte[]>? _responses;

    public required string Id { get; init; }

    public required string Project { get; init; }

    /// <summary>The model as sent in the path (without <c>models/</c>).</summary>
    public required string Model { get; init; }

    public required string DisplayName { get; init; }

    /// <summary><c>files/…</c> for a file-based batch; null for inline requests.</summary>
    public string? InputFile { get; init; }

    /// <summary>Why the input could not be read (the batch fails when it starts), or null.</summary>
    public string? InputError { get; init; }

    /// <summary>
    /// A scripted outcome for the whole batch: <see cref="FaultKind.BatchFailed"/> (fails when it would start) or
    /// <see cref="FaultKind.BatchExpired"/> (expires after <see cref="Fault.CompletedRequests"/> items), or null.
    /// </summary>
    public Fault? Outcome { get; init; }

    /// <summary>How many requests the input holds.</summary>
    public required int RequestCount { get; init; }

    public required IReadOnlyList<BatchItem> Items { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required BatchTimings Timings { get; init; }

    public long Sequence { get; init; }

    /// <summary>Set once the results file of a finished file-based batch has been created (a deleted one stays deleted).</summary>
    public bool ResultsFileCreated { get; set; }

    public string Name => "batches/" + Id;

    public string ResultsFileId => "batch-" + Id;

    public Lock Gate => _gate;

    /// <summary>The status code and message of a batch that failed as a whole (unreadable input or a scripted failure).</summary>
    public (int Status, string Message) Failure => InputError is not null
        ? (400, InputError)
        : (Outcome!.StatusCode, Outcome.Message ?? Http.GoogleErrors.DefaultMessage(Outcome.StatusCode));

    public BatchSnapshot Observe(DateTimeOffset now)
    {
        var start = Created + Timings.Pending;
        var (endAt, endState) = InputError is null && Outcome?.Kind != FaultKind.BatchFailed ? (start + Timings.Running, BatchStates.Succeeded) : (start, BatchStates.Failed);
        int? expiredAfter = null;
        if (Outcome?.Kind == FaultKind.BatchExpired && endState == BatchStates.Succeeded)
        {
            // A scripted expiry: exactly CompletedRequests items finish, at the moment the last of them would.
            var completed = Math.Min(Outcome.CompletedRequests, Items.Count);
            expiredAfter = completed;
            (endAt, endState) = (start + TimeSpan.FromTicks(Timings.Running.Ticks * completed / Math.Max(1, Items.Count)), BatchStates.Expired);
        }

        var expiry = Created + Timings.Expiration;
        if (expiry < endAt)
        {
            (endAt, endState, expiredAfter) = (expiry, BatchStates.Expired, null);
        }

        lock (_gate)
        {
            if (_cancelled is { } cancelled && cancelled < endAt)
            {
                (endAt, endState, expiredAfter) = (cancelled, BatchStates.Cancelled, null);
            }
        }

        if (now >= endAt)
        {
            var completed = endState == BatchStates.Succeeded ? Items.Count
                : endState == BatchStates.Failed ? 0
                : expiredAfter ?? Progress(start, endAt);
            return new BatchSnapshot(endState, endAt, endAt, completed, endState == BatchStates.Succeeded || expiredAfter is not null);
        }

        if (now >= start)
        {
            var completed = Math.Min(Progress(start, now), expiredAfter ?? Items.Count);
            var updated = start + TimeSpan.FromTicks(Timings.Running.Ticks * completed / Math.Max(1, Items.Count));
            return new BatchSnapshot(BatchStates.Running, updated, null, completed);
        }

        return new BatchSnapshot(BatchStates.Pending, Created, null, 0);
    }

    /// <summary>Cancels the batch at <paramref name="now"/> unless it has already ended; a finished batch is left alone.</summary>
    public void Cancel(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!Observe(now).Done)
            {
                _cancelled = now;
            }
        }
    }

    /// <summary>
    /// The rendered GenerateContentResponse of the first <paramref name="count"/> items (empty for failed items),
    /// rendered on first use; inline batches only (a results file renders its lines when read).
    /// </summary>
    public IReadOnlyList<byte[]> Responses(int count, Func<int, BatchItem, byte[]> render)
    {
        lock (_gate)
        {
            return _responses ??= [.. Items.Take(count).Select((item, i) => item.Failed ? [] : render(i, item))];
        }
    }

    /// <summary>Items completed at a time in the running window, in input order.</summary>
    private int Progress(DateTimeOffset start, DateTimeOffset at)
    {
        if (Timings.Running <= TimeSpan.Zero || Items.Count == 0)
        {
            return Items.Count;
        }

        // Whole ticks, so a third of the way through three items is exactly one item.
        return (int)Math.Clamp(Items.Count * (at - start).Ticks / Timings.Running.Ticks, 0, Items.Count);
    }
}

/// <summary>The lifecycle durations, from <see cref="NanoBananaEmulatorOptions"/>.</summary>
internal sealed record BatchTimings(TimeSpan Pending, TimeSpan Running, TimeSpan Expiration);

/// <summary>The batches of every project, in creation order.</summary>
internal sealed class BatchStore
{
    private long _sequence;

    public BatchStore(NanoBananaEmulatorOptions options)
    {
        Require(options.BatchPendingDuration >= TimeSpan.Zero, nameof(options.BatchPendingDuration), "zero or more", options.BatchPendingDuration);
        Require(options.BatchRunningDuration >= TimeSpan.Zero, nameof(options.BatchRunningDuration), "zero or more", options.BatchRunningDuration);
        Require(options.BatchExpiration > TimeSpan.Zero, nameof(options.BatchExpiration), "positive", options.BatchExpiration);
        Timings = new BatchTimings(options.BatchPendingDuration, options.BatchRunningDuration, options.BatchExpiration);
    }

    public BatchTimings Timings { get; }

    /// <summary>Rejects a bad duration at start, naming the option (as <see cref="EmulatorState"/> does for the MIME type).</summary>
    internal static void Require(bool valid, string option, string allowed, TimeSpan value)
    {
        if (!valid)
        {
            throw new ArgumentException($"{option} must be {allowed}, not {value}.", "options");
        }
    }

    public ConcurrentDictionary<string, BatchJob> Jobs { get; } = new(StringComparer.Ordinal);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>The caller's batch by id (with or without <c>batches/</c>), or null; another project's batch is not found.</summary>
    public BatchJob? Find(string id, string project)
    {
        id = id.StartsWith("batches/", StringComparison.Ordinal) ? id["batches/".Length..] : id;
        return Jobs.TryGetValue(id, out var job) && job.Project == project ? job : null;
    }

    public List<BatchJob> List(string project) =>
        [.. Jobs.Values.Where(j => j.Project == project).OrderByDescending(j => j.Sequence)];
}
