using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

public sealed partial class BatchImageClient
{
    private const int MaxDownloadResumes = 5;

    /// <inheritdoc/>
    public async IAsyncEnumerable<BatchItemResult> GetResultsAsync(ImageBatchJob job, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.HasCompleted)
        {
            throw new InvalidOperationException(
                $"Batch job {job.Id} is {job.State}: results are read once it has ended. Call WaitForCompletionAsync (or UpdateStatusAsync) first.");
        }

        var model = JobModel(job);
        if (job.ResultsFile is { } file)
        {
            await foreach (var line in ReadResultsFileAsync(file, model, 0, cancellationToken).ConfigureAwait(false))
            {
                yield return Map(line, model, job.Id);
            }
        }
        else if (job.InputMode == BatchInputMode.Inline && job.State is BatchJobState.Succeeded or BatchJobState.Expired or BatchJobState.Unknown)
        {
            foreach (var line in await ReadInlineResultsAsync(job.Id, model, cancellationToken).ConfigureAwait(false))
            {
                yield return Map(line, model, job.Id);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<BatchFolderResult> WriteResultsToFolderAsync(ImageBatchJob job, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        if (job.ResultsFile is { } file && job.HasCompleted)
        {
            return await WriteFileResultsToFolderAsync(job, file, directory, cancellationToken).ConfigureAwait(false);
        }

        var tally = new FolderTally();
        await foreach (var item in GetResultsAsync(job, cancellationToken).ConfigureAwait(false))
        {
            await WriteItemAsync(item, directory, tally, cancellationToken).ConfigureAwait(false);
        }

        return tally.ToResult(0);
    }

    /// <summary>
    /// A file-mode job: the manifest's verified prefix is counted without downloading it, and the results file is
    /// read from the first item that is not verified on disk (a <c>Range</c> request), each finished item appended to
    /// the manifest after its files are in place.
    /// </summary>
    private async Task<BatchFolderResult> WriteFileResultsToFolderAsync(ImageBatchJob job, string file, string directory, CancellationToken cancellationToken)
    {
        var manifest = await BatchFolderManifest.OpenAsync(directory, file, cancellationToken).ConfigureAwait(false);
        var tally = new FolderTally();
        foreach (var entry in manifest.Verified)
        {
            tally.Add(entry.Cost);
            if (entry.IsImage)
            {
                tally.Skipped++;
            }
            else
            {
                tally.Failed++;
            }
        }

        var reused = manifest.Verified.Count;
        if (!manifest.Complete)
        {
            var model = JobModel(job);
            await foreach (var line in ReadResultsFileAsync(file, model, manifest.ResumeOffset, cancellationToken).ConfigureAwait(false))
            {
                var item = Map(line, model, job.Id);
                var entry = await WriteItemAsync(item, directory, tally, cancellationToken).ConfigureAwait(false);
                await manifest.AppendAsync(entry with { Start = line.StartOffset, End = line.EndOffset }, cancellationToken).ConfigureAwait(false);
            }

            await manifest.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return tally.ToResult(reused);
    }

    /// <summary>Writes (or, when the same bytes are there, skips) one item; returns its manifest entry (offsets unset).</summary>
    private static async Task<BatchFolderManifest.Entry> WriteItemAsync(BatchItemResult item, string directory, FolderTally tally, CancellationToken cancellationToken)
    {
        tally.Add(item.Cost.EffectiveCostUsd);
        var name = SafeFileName(item.Key);
        if (item.Result is not { } result)
        {
            tally.Failed++;
            var errorName = name + ".error.json";
            await WriteAtomicAsync(Path.Combine(directory, errorName), ErrorJson(item), cancellationToken).ConfigureAwait(false);
            return new BatchFolderManifest.Entry { FileName = errorName, IsImage = false, Cost = item.Cost.EffectiveCostUsd };
        }

        var image = result.Images[^1];
        var fileName = name + image.FileExtension;
        var path = Path.Combine(directory, fileName);
        var hash = Convert.ToHexString(SHA256.HashData(image.Data.Span)).ToLowerInvariant();
        var entry = new BatchFolderManifest.Entry { FileName = fileName, IsImage = true, Length = image.Data.Length, Sha256 = hash, Cost = item.Cost.EffectiveCostUsd };
        if (await entry.IsOnDiskAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            // The same bytes are there (size, sidecar and the file's own hash): not rewritten.
            tally.Skipped++;
            return entry;
        }

        // Image first, sidecar last, each atomically: a crash in between leaves no sidecar, so a rerun rewrites the image.
        await WriteAtomicAsync(path, image.Data, cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(path + ".sha256", Encoding.ASCII.GetBytes(hash), cancellationToken).ConfigureAwait(false);
        tally.Written++;
        return entry;
    }

    private sealed class FolderTally
    {
        private decimal? _cost = 0m;

        public int Written { get; set; }

        public int Skipped { get; set; }

        public int Failed { get; set; }

        public void Add(decimal? cost) => _cost += cost;

        public BatchFolderResult ToResult(int reused) =>
            new() { Written = Written, Skipped = Skipped, Failed = Failed, CostUsd = _cost, ReusedWithoutDownload = reused };
    }

    /// <summary>A key as a file name: characters that are unsafe in a path (and a leading dot) are percent-escaped.</summary>
    internal static string SafeFileName(string key)
    {
        var builder = new StringBuilder(key.Length);
        var invalid = Path.GetInvalidFileNameChars();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '%' or '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) || Array.IndexOf(invalid, c) >= 0 || (i == 0 && c == '.'))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    internal static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var temp = path + ".partial";
        await File.WriteAllBytesAsync(temp, bytes.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static byte[] ErrorJson(BatchItemResult item)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var error = item.Error!;
            writer.WriteStartObject();
            writer.WriteString("key", item.Key);
            writer.WriteString("kind", error.Kind.ToString());
            if (error.StatusCode is { } status)
            {
                writer.WriteNumber("statusCode", status);
            }

            writer.WriteString("serviceStatus", error.ServiceStatus);
            writer.WriteString("message", error.Message);
            writer.WriteString("owner", error.Owner.ToString());
            writer.WriteBoolean("isTransient", error.IsTransient);
            if (error.NoImageReason is { } reason)
            {
                writer.WriteString("noImageReason", reason.ToString());
            }

            writer.WriteString("finishReason", error.FinishReason);
            writer.WriteBoolean("billable", item.Cost.Billable);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private ModelResolution JobModel(ImageBatchJob job)
    {
        var name = job.Model;
        if (name is not null && name.StartsWith("models/", StringComparison.Ordinal))
        {
            name = name["models/".Length..];
        }

        return _settings.Catalog.Resolve(string.IsNullOrWhiteSpace(name) ? _settings.DefaultModel : name);
    }

    private BatchItemResult Map(ParsedBatchLine line, ModelResolution model, string jobId)
    {
        var key = line.Key ?? "#" + line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        CostRecord Cost(BillingOutcome outcome, TokenUsage? usage, int images) => _settings.Pricing.Record(
            new CostQuery { Route = ImageRoute.Batch, Lane = PriceLane.GoogleBatch, Model = model, Size = SizeOf(model, usage, images), Operation = ImageOperation.Generate, ImageCount = Math.Max(1, images) },
            new CallBilling { Outcome = outcome, Usage = usage });

        if (line.Failure is { } failure)
        {
            return new BatchItemResult
            {
                Key = key,
                Error = new BatchError { Kind = ErrorKind.MalformedResponse, Owner = ErrorOwner.RequestAndParser, Message = failure.Message },
                Cost = Cost(BillingOutcome.Unreadable, null, 1),
            };
        }

        if (line.HasError || line.Response is null)
        {
            var error = BatchOperation.ErrorOf(line.ErrorCode, line.ErrorStatus, line.ErrorMessage ?? (line.HasError ? null : "the results line holds neither a response nor an error"), null, _settings.ApiKey);
            return new BatchItemResult { Key = key, Error = error, Cost = Cost(ServicePipeline.OutcomeOf(error.StatusCode ?? 500), null, 1) };
        }

        var parsed = line.Response;
        var text = parsed.Text.Length > 0 ? parsed.Text.ToString() : null;
        if (parsed.Images.Count == 0)
        {
            var finish = parsed.FinishReason;
            var reason = parsed.BlockReason is not null ? NoImageReason.PromptBlocked
                : finish is not null && Array.Exists(FinishKinds.SafetyReasons, r => string.Equals(r, finish, StringComparison.OrdinalIgnoreCase)) ? NoImageReason.SafetyFinish
                : (finish is null || string.Equals(finish, "STOP", StringComparison.OrdinalIgnoreCase)) && text is not null ? NoImageReason.TextOnly
                : NoImageReason.OtherFinish;
            return new BatchItemResult
            {
                Key = key,
                Error = new BatchError
                {
                    Kind = ErrorKind.NoImage,
                    Owner = ErrorOwner.RequestAndParser,
                    NoImageReason = reason,
                    FinishReason = parsed.BlockReason ?? finish,
                    Message = parsed.FinishMessage ?? parsed.BlockReasonMessage ?? text,
                },
                Cost = Cost(BillingOutcome.NoImage, parsed.Usage, 1),
            };
        }

        var images = parsed.Images.Select(i => new GeneratedImage(i.Data, i.MimeType)).ToArray();
        return new BatchItemResult
        {
            Key = key,
            Result = new ImageGenerationResult
            {
                Images = images,
                Text = text,
                Model = model,
                ReturnedModel = parsed.ModelVersion,
                ResponseId = parsed.ResponseId,
                FinishReason = parsed.FinishReason,
                FinishKind = FinishKinds.Of(parsed.FinishReason, parsed.BlockReason),
                Usage = parsed.Usage,
                Latency = null,
                Route = ImageRoute.Batch,
                Lane = PriceLane.GoogleBatch,
                Endpoint = jobId,
                Cost = Cost(BillingOutcome.Success, parsed.Usage, images.Length),
            },
            Cost = Cost(BillingOutcome.Success, parsed.Usage, images.Length),
        };
    }

    /// <summary>
    /// The results file does not repeat each request's size: it is recognised from the reported output image tokens
    /// per image (the catalog's tokens per size), else the model's default size is priced.
    /// </summary>
    private static ImageSize SizeOf(ModelResolution model, TokenUsage? usage, int images)
    {
        var fallback = model.Model?.DefaultSize ?? ImageSize.OneK;
        if (model.Model is not { } known || usage?.OutputImageTokens is not { } tokens || images <= 0)
        {
            return fallback;
        }

        var perImage = tokens / images;
        if (known.TokensFor(fallback) == perImage)
        {
            return fallback;
        }

        foreach (var (size, sizeTokens) in known.ImageTokens)
        {
            if (sizeTokens == perImage)
            {
                return size;
            }
        }

        return fallback;
    }

    /// <summary>Reads an inline job's <c>inlinedResponses</c> (small by construction: inline input is capped).</summary>
    private Task<List<ParsedBatchLine>> ReadInlineResultsAsync(string id, ModelResolution model, CancellationToken cancellationToken)
    {
        var name = BatchName(id);
        var limits = new ImageParseLimits(_settings.MaxImageBytes, Secret: _settings.ApiKey);
        return SendAsync(HttpMethod.Get, _settings.Resolve($"{_settings.ApiVersion}/{name}"), $"GET /{_settings.ApiVersion}/{name}", null, [], model,
            async (response, answer, ct) =>
            {
                var lines = new List<ParsedBatchLine>();
                var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                    if (BatchOperation.InlinedResponses(document.RootElement) is not { } list)
                    {
                        return lines;
                    }

                    long number = 0;
                    foreach (var entry in list.EnumerateArray())
                    {
                        number++;
                        var metadata = BatchOperation.Prop(entry, "metadata");
                        var key = metadata is { ValueKind: JsonValueKind.Object } m ? BatchOperation.Str(m, "key") : null;
                        if (BatchOperation.Prop(entry, "error") is { ValueKind: JsonValueKind.Object } error)
                        {
                            int? code = BatchOperation.Prop(error, "code") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out var n) ? n : null;
                            lines.Add(new ParsedBatchLine
                            {
                                LineNumber = number, Key = key, HasError = true, ErrorCode = code,
                                ErrorStatus = SecretRedactor.Redact(BatchOperation.Str(error, "status"), _settings.ApiKey),
                                ErrorMessage = SecretRedactor.Redact(BatchOperation.Str(error, "message"), _settings.ApiKey),
                            });
                            continue;
                        }

                        var raw = BatchOperation.Prop(entry, "response") is { ValueKind: JsonValueKind.Object } r ? r.GetRawText() : null;
                        if (raw is null)
                        {
                            lines.Add(new ParsedBatchLine { LineNumber = number, Key = key });
                            continue;
                        }

                        try
                        {
                            using var item = new MemoryStream(Encoding.UTF8.GetBytes(raw));
                            var parsed = await ImageResponseParser.ParseGenerateContentAsync(item, limits, ct).ConfigureAwait(false);
                            parsed.RedactServiceStrings(_settings.ApiKey);
                            lines.Add(new ParsedBatchLine { LineNumber = number, Key = key, Response = parsed });
                        }
                        catch (ResponseParseException ex)
                        {
                            lines.Add(new ParsedBatchLine { LineNumber = number, Key = key, Failure = ex });
                        }
                    }
                }

                return lines;
            },
            cancellationToken);
    }

    /// <summary>
    /// Streams a results file's lines through a one-line channel: the download runs in the pipeline (which owns the
    /// response) while the caller consumes lines, so only the line being handed over is held.
    /// </summary>
    internal async IAsyncEnumerable<ParsedBatchLine> ReadResultsFileAsync(string file, ModelResolution? model, long startOffset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ParsedBatchLine>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceLinesAsync(file, model, startOffset, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    private async Task ProduceLinesAsync(string file, ModelResolution? model, long offset, ChannelWriter<ParsedBatchLine> writer, CancellationToken cancellationToken)
    {
        try
        {
            var docsPath = true;
            var stalled = 0;
            while (true)
            {
                (bool Done, long Next) outcome;
                try
                {
                    outcome = await DownloadOnceAsync(file, model, offset, docsPath, writer, cancellationToken).ConfigureAwait(false);
                }
                catch (NanoBananaException ex) when (offset > 0 && ex.StatusCode == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    // The connection broke after the last line: nothing is left to read past the offset.
                    break;
                }
                catch (NanoBananaException ex) when (docsPath && ex.StatusCode == (int)HttpStatusCode.NotFound)
                {
                    // Google documents /download/v1beta/files/{id}:download; its JS SDK calls /v1beta/files/{id}:download. Try both.
                    docsPath = false;
                    continue;
                }

                if (outcome.Done)
                {
                    break;
                }

                stalled = outcome.Next > offset ? 1 : stalled + 1;
                if (stalled > MaxDownloadResumes)
                {
                    throw new IOException($"The results file {file} could not be read past offset {offset} after {MaxDownloadResumes} resumed downloads.");
                }

                offset = outcome.Next;
                BatchLog.DownloadResume(_logger, file, offset, stalled);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    /// <summary>
    /// One download from <paramref name="offset"/>: asks for <c>Range: bytes=offset-</c>; a server that ignores it
    /// (answers 200 with the whole file, as the emulator does) is read from the start and the first bytes skipped.
    /// </summary>
    /// <returns>Whether the file was read to its end, and where to resume when not.</returns>
    private Task<(bool Done, long Next)> DownloadOnceAsync(string file, ModelResolution? model, long offset, bool docsPath, ChannelWriter<ParsedBatchLine> writer, CancellationToken cancellationToken)
    {
        var version = _settings.ApiVersion;
        var bare = file.StartsWith("files/", StringComparison.Ordinal) ? file["files/".Length..] : file;
        var path = (docsPath ? $"download/{version}" : version) + $"/files/{Uri.EscapeDataString(bare)}:download";
        var headers = offset > 0 ? new KeyValuePair<string, string>[] { new("Range", $"bytes={offset}-") } : [];
        var limits = new ImageParseLimits(_settings.MaxImageBytes, Secret: _settings.ApiKey);

        // A results file can be gigabytes: the call has no overall timeout; the caller's token stops it.
        return SendAsync(HttpMethod.Get, _settings.Resolve(path + "?alt=media"), "GET /" + path, null, headers, model,
            async (response, answer, ct) =>
            {
                var last = offset;
                try
                {
                    var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    var stream = _settings.DownloadIdleTimeout == System.Threading.Timeout.InfiniteTimeSpan ? body : new IdleTimeoutStream(body, _settings.DownloadIdleTimeout, _settings.Time);
                    await using (stream.ConfigureAwait(false))
                    {
                        // 206 starts where its Content-Range says (normally the offset asked for); a 200 starts at byte 0.
                        var streamStart = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From ?? 0 : 0;
                        if (streamStart > offset)
                        {
                            throw new IOException($"The server answered the range request for {file} from byte {streamStart}, past the {offset} asked for.");
                        }

                        if (offset > streamStart && !await SkipAsync(stream, offset - streamStart, ct).ConfigureAwait(false))
                        {
                            return (false, offset);
                        }

                        await foreach (var line in BatchResultsReader.ReadLinesAsync(stream, limits, offset, ct).ConfigureAwait(false))
                        {
                            if (line.IsTruncated)
                            {
                                return (false, line.StartOffset);
                            }

                            await writer.WriteAsync(line, ct).ConfigureAwait(false);
                            last = line.EndOffset;
                        }
                    }

                    return (true, last);
                }
                catch (ResponseParseException ex) when (ex.Failure == ResponseParseFailure.Truncated)
                {
                    return (false, last);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    return (false, last);
                }
            },
            cancellationToken, System.Threading.Timeout.InfiniteTimeSpan);
    }

    private static async Task<bool> SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[81920];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            count -= read;
        }

        return true;
    }
}
