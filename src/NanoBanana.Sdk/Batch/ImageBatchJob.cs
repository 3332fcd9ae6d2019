namespace NanoBanana.Sdk;

/// <summary>
/// A handle on a Batch job, in the style of Azure's <c>Operation&lt;T&gt;</c>: its last known status, and the calls
/// that refresh it, wait for it, cancel it, delete it and read its results. Rehydrate one in another process with
/// <see cref="IBatchImageClient.GetJobAsync"/>. Members are virtual and the constructor protected so tests can mock
/// it; <see cref="NanoBananaModelFactory.ImageBatchJob"/> builds one with a given status.
/// </summary>
public class ImageBatchJob
{
    private readonly BatchImageClient? _client;
    private volatile BatchOperation _status;

    /// <summary>For mocking frameworks.</summary>
    protected ImageBatchJob()
    {
        _status = new BatchOperation { Id = string.Empty };
    }

    internal ImageBatchJob(BatchImageClient? client, BatchOperation status)
    {
        _client = client;
        _status = status;
    }

    internal BatchOperation Status => _status;

    /// <summary>The job's resource name, e.g. <c>batches/3a96…</c>: keep it to rehydrate the job elsewhere.</summary>
    public virtual string Id => _status.Id;

    /// <summary>The job's display name.</summary>
    public virtual string? DisplayName => _status.DisplayName;

    /// <summary>The model the job runs on, as the service names it (e.g. <c>models/gemini-3-pro-image</c>).</summary>
    public virtual string? Model => _status.Model;

    /// <summary>The last known state.</summary>
    public virtual BatchJobState State => _status.State;

    /// <summary>The state string as the service sent it (kept for states this SDK does not know).</summary>
    public virtual string? RawState => _status.RawState;

    /// <summary>The last known counters.</summary>
    public virtual BatchJobStats Stats => _status.Stats;

    /// <summary>When the job was created.</summary>
    public virtual DateTimeOffset? CreateTime => _status.CreateTime;

    /// <summary>When the job last changed.</summary>
    public virtual DateTimeOffset? UpdateTime => _status.UpdateTime;

    /// <summary>When the job ended.</summary>
    public virtual DateTimeOffset? EndTime => _status.EndTime;

    /// <summary>The input mode (file when the job names an input file).</summary>
    public virtual BatchInputMode InputMode => _status.InputFile is null ? BatchInputMode.Inline : BatchInputMode.File;

    /// <summary>The results file (<c>files/…</c>) once the job has one.</summary>
    public virtual string? ResultsFile => _status.ResponsesFile;

    /// <summary>
    /// Whether the job has ended: succeeded, failed, cancelled or expired. An unknown state is not an end unless the
    /// operation says <c>done</c>.
    /// </summary>
    public virtual bool HasCompleted => State is BatchJobState.Succeeded or BatchJobState.Failed or BatchJobState.Cancelled or BatchJobState.Expired
        || (State == BatchJobState.Unknown && _status.Done);

    /// <summary>The job's error (failed, cancelled or expired jobs), classified as a value.</summary>
    public virtual BatchError? Error => _status.Error;

    /// <summary>Reads the job's status once and updates this handle.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new state.</returns>
    public virtual async Task<BatchJobState> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        _status = await Client.GetOperationAsync(Id, cancellationToken).ConfigureAwait(false);
        return State;
    }

    /// <summary>
    /// Polls until the job ends, starting at <see cref="BatchImageClientOptions.PollInterval"/> and backing off up to
    /// <see cref="BatchImageClientOptions.MaxPollInterval"/> on the client's clock. Transient poll failures (e.g. a 503)
    /// are waited out; ten in a row end the wait with the last one.
    /// </summary>
    /// <param name="progress">Receives the state and counters after each poll.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The final state.</returns>
    public virtual Task<BatchJobState> WaitForCompletionAsync(IProgress<BatchJobProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Client.WaitAsync(this, progress, cancellationToken);

    /// <summary>Asks the service to cancel the job, then refreshes its status. Items finished before the cancel may be billed.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the cancel was accepted.</returns>
    public virtual async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        await Client.CancelAsync(Id, cancellationToken).ConfigureAwait(false);
        await UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the job record (it does not cancel a running job; its results file is kept by the service for its own lifetime).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the job was deleted.</returns>
    public virtual Task DeleteAsync(CancellationToken cancellationToken = default) => Client.DeleteAsync(Id, cancellationToken);

    /// <summary>Reads the results one item at a time; see <see cref="IBatchImageClient.GetResultsAsync"/>.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The items' results in input order.</returns>
    public virtual IAsyncEnumerable<BatchItemResult> GetResultsAsync(CancellationToken cancellationToken = default) => Client.GetResultsAsync(this, cancellationToken);

    internal void Update(BatchOperation status) => _status = status;

    private BatchImageClient Client => _client
        ?? throw new InvalidOperationException("This ImageBatchJob was built by NanoBananaModelFactory and is not connected to a client: mock its virtual members instead.");
}
