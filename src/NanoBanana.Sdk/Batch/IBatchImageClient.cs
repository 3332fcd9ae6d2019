namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // SubmitAsync takes a sync or an async sequence, each with optional options and token.

/// <summary>
/// The Batch route: many image requests as one asynchronous job at the Batch price (50% of Standard, up to 24 h).
/// Implemented by <see cref="BatchImageClient"/>; mock this interface in your tests.
/// </summary>
public interface IBatchImageClient
{
    /// <summary>
    /// Submits a job. Items are read from <paramref name="items"/> one at a time and streamed into the upload (file
    /// mode, the default) or the create body (inline mode, checked against the inline limit before sending), never
    /// all held in memory. Every item is validated before its bytes are sent.
    /// </summary>
    /// <param name="items">The requests with your keys (unique, not blank).</param>
    /// <param name="options">Display name, model and mode.</param>
    /// <param name="cancellationToken">Cancels the submission (an upload already started is abandoned).</param>
    /// <returns>The job handle.</returns>
    Task<ImageBatchJob> SubmitAsync(IAsyncEnumerable<BatchImageItem> items, BatchSubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Submits a job from a synchronous sequence; see the <see cref="IAsyncEnumerable{T}"/> overload.</summary>
    /// <param name="items">The requests with your keys.</param>
    /// <param name="options">Display name, model and mode.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job handle.</returns>
    Task<ImageBatchJob> SubmitAsync(IEnumerable<BatchImageItem> items, BatchSubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Rehydrates a job from its id (<c>batches/…</c>, or the bare id), e.g. in another process.</summary>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job with its current status.</returns>
    Task<ImageBatchJob> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the project's jobs, newest first as the service orders them, following page tokens.</summary>
    /// <param name="pageSize">Jobs per page (the service's default when null).</param>
    /// <param name="cancellationToken">Stops listing.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<ImageBatchJob> ListJobsAsync(int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a finished job's results, one item at a time in input order, matched to your keys: a line of the results
    /// file holds a multi-megabyte image and only one is held at a time. A download cut mid-line is resumed (with an
    /// HTTP <c>Range</c> request, or by skipping to the offset when the server ignores it). An expired or cancelled job
    /// yields the items that finished; a failed one yields none.
    /// </summary>
    /// <param name="job">The job (refresh it first; see <see cref="ImageBatchJob.WaitForCompletionAsync"/>).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The items' results.</returns>
    IAsyncEnumerable<BatchItemResult> GetResultsAsync(ImageBatchJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a finished job's results to a folder: images as <c>&lt;key&gt;.&lt;ext&gt;</c> with a <c>.sha256</c>
    /// sidecar, failures as <c>&lt;key&gt;.error.json</c>. Files are written atomically, so a rerun after a crash
    /// skips images already there (size and hash checked) and writes the rest. Keys are escaped into safe file names.
    /// For a file-mode job a manifest (<c>.nanobanana-&lt;results file&gt;.manifest</c>) records each finished item's
    /// byte range in the results file: a rerun verifies those items on disk (file present, size, SHA-256 against the
    /// sidecar) and resumes the download with a <c>Range</c> request from the first item that is missing or damaged,
    /// so finished items are not downloaded again; when every item verifies, nothing is downloaded. Items downloaded
    /// again (after the first damaged one) are compared by size and hash and not rewritten when they match.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="cancellationToken">Stops writing; rerun to finish.</param>
    /// <returns>The counts and cost.</returns>
    Task<BatchFolderResult> WriteResultsToFolderAsync(ImageBatchJob job, string directory, CancellationToken cancellationToken = default);

    /// <summary>Estimates a job's cost before submitting: items × the Batch price by model, size and operation.</summary>
    /// <param name="items">The requests (read once).</param>
    /// <param name="model">The job's model; default <see cref="BatchImageClientOptions.Model"/>.</param>
    /// <returns>The estimate.</returns>
    BatchEstimate Estimate(IEnumerable<BatchImageItem> items, string? model = null);

    /// <summary>Estimates a job's cost from an asynchronous sequence; see <see cref="Estimate"/>.</summary>
    /// <param name="items">The requests (read once).</param>
    /// <param name="model">The job's model; default <see cref="BatchImageClientOptions.Model"/>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The estimate.</returns>
    Task<BatchEstimate> EstimateAsync(IAsyncEnumerable<BatchImageItem> items, string? model = null, CancellationToken cancellationToken = default);
}
