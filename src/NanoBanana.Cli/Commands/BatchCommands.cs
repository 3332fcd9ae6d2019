using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;

namespace NanoBanana.Cli.Commands;

/// <summary><c>nanobanana batch submit|status|wait|results|cancel|list</c>: Batch jobs at the Batch price, resumable from any process.</summary>
internal static class BatchCommands
{
    private static readonly string[] LineFields = ["key", "prompt", "size", "aspect"];

    public static Command Create(CliGlobals globals)
    {
        var batch = new Command("batch", "Batch jobs: submit a JSONL file, follow, wait, write results to a folder (resumable), cancel, list.");
        batch.Add(Submit(globals));
        batch.Add(Status(globals));
        batch.Add(Wait(globals));
        batch.Add(Results(globals));
        batch.Add(Cancel(globals));
        batch.Add(List(globals));
        return batch;
    }

    private static Argument<string> JobArgument() => new("JOB") { Description = "The job id printed by 'batch submit' (batches/… or just the part after it)." };

    private static Command Submit(CliGlobals globals)
    {
        var input = new Option<string>("--input") { Required = true, HelpName = "FILE.jsonl", Description = "One request per line: {\"key\": \"sku-001\", \"prompt\": \"...\", \"size\": \"1K\", \"aspect\": \"1:1\"} (size and aspect optional)." };
        var model = new Option<string?>("--model") { HelpName = "ID", Description = "The job's model. Default: NanoBanana:Batch:Model." };
        var size = new Option<string?>("--size") { HelpName = "S", Description = $"The size for lines without one ({ImageSize.AllowedValues})." };
        var aspect = new Option<string?>("--aspect") { HelpName = "R", Description = $"The aspect ratio for lines without one ({AspectRatio.AllowedValues})." };
        var name = new Option<string?>("--name") { HelpName = "NAME", Description = "The job's display name. Default: nanobanana-<UTC time>." };
        var command = new Command("submit", "Submit a Batch job from a JSONL file (every line is checked before anything is sent).") { input, model, size, aspect, name };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var path = CliParse.NotBlank(parse.GetValue(input), "--input", "a JSONL file");
            var modelArg = parse.GetValue(model) is { } m ? CliParse.NotBlank(m, "--model", "a model id") : null;
            var defaultSize = CliParse.Size(parse.GetValue(size));
            var defaultAspect = CliParse.Aspect(parse.GetValue(aspect));
            var displayName = parse.GetValue(name);
            if (displayName is not null && string.IsNullOrWhiteSpace(displayName))
            {
                throw new UsageException("Option --name must not be empty; give a display name or leave it out.");
            }

            var configuration = globals.Configuration(parse);
            var modelId = modelArg ?? configuration[$"{CliConfiguration.Section}:Batch:Model"] ?? ModelCatalog.DefaultModelId;
            var items = await ReadInputAsync(path, modelId, defaultSize, defaultAspect, cancellationToken).ConfigureAwait(false);
            await using var services = await CliServices.StartAsync(configuration, session, cancellationToken).ConfigureAwait(false);
            var estimate = services.Batch.Estimate(items, modelArg);
            await session.Error.WriteLineAsync($"Submitting {items.Count} request(s) on {modelId} at the Batch price: estimated {(estimate.TotalUsd is { } total ? "$" + total.ToString("0.####", CultureInfo.InvariantCulture) : "unknown (a price row is missing)")}.").ConfigureAwait(false);
            var job = await services.Batch.SubmitAsync(items, new BatchSubmitOptions { Model = modelArg, DisplayName = displayName }, cancellationToken).ConfigureAwait(false);
            await WriteJobAsync(session, job).ConfigureAwait(false);
            return CliExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliGlobals globals)
    {
        var job = JobArgument();
        var command = new Command("status", "Print a job's state and counters (exit 3 when it ended FAILED, CANCELLED, EXPIRED or with failed items).") { job };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var id = JobId(parse.GetValue(job));
            await using var services = await CliServices.StartAsync(globals.Configuration(parse), session, cancellationToken).ConfigureAwait(false);
            var handle = await services.Batch.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            await WriteJobAsync(session, handle).ConfigureAwait(false);
            return ExitCode(handle);
        });
        return command;
    }

    private static Command Wait(CliGlobals globals)
    {
        var job = JobArgument();
        var poll = new Option<string?>("--poll-interval") { HelpName = "DURATION", Description = "The first wait between polls (30s, 5m, 00:00:30); it grows by half each poll up to 5 minutes. Default: NanoBanana:Batch:PollInterval (30 s)." };
        var command = new Command("wait", "Wait for a job to end, with progress; Ctrl+C stops waiting (the job goes on).") { job, poll };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var id = JobId(parse.GetValue(job));
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(poll) is { } text)
            {
                var interval = CliParse.Duration(text, "--poll-interval");
                if (interval > BatchImageClientOptions.DefaultMaxPollInterval)
                {
                    throw new UsageException($"Option --poll-interval: '{text}' is longer than the longest poll interval. Allowed values: a positive duration up to {BatchImageClientOptions.DefaultMaxPollInterval.TotalMinutes:0}m.");
                }

                overrides[$"{CliConfiguration.Section}:Batch:PollInterval"] = interval.ToString("c", CultureInfo.InvariantCulture);
            }

            await using var services = await CliServices.StartAsync(globals.Configuration(parse, overrides), session, cancellationToken).ConfigureAwait(false);
            var handle = await services.Batch.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            await BatchProgress.WaitAsync(session, handle, cancellationToken).ConfigureAwait(false);
            await WriteJobAsync(session, handle).ConfigureAwait(false);
            return ExitCode(handle);
        });
        return command;
    }

    private static Command Results(CliGlobals globals)
    {
        var job = JobArgument();
        var output = new Option<string>("--out") { Required = true, HelpName = "DIR", Description = "The folder: DIR/<key>.<png|jpg> per image, DIR/<key>.error.json per failed item. Resumable: images already written (with their .sha256) are skipped." };
        var command = new Command("results", "Write a finished job's images and errors to a folder; run it again to resume.") { job, output };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var id = JobId(parse.GetValue(job));
            var directory = Path.GetFullPath(CliParse.NotBlank(parse.GetValue(output), "--out", "a folder"));
            if (File.Exists(directory))
            {
                throw new UsageException($"Option --out: '{directory}' is a file. Give a folder (it is created when missing).");
            }

            await using var services = await CliServices.StartAsync(globals.Configuration(parse), session, cancellationToken).ConfigureAwait(false);
            var handle = await services.Batch.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            if (!handle.HasCompleted)
            {
                throw new CliStateException(
                    "JobNotFinished",
                    $"Batch job {handle.Id} is {BatchProgress.State(handle.State)}: it has no results yet.",
                    $"Wait for it first: nanobanana batch wait {handle.Id}");
            }

            var written = await services.Batch.WriteResultsToFolderAsync(handle, directory, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(
                    new BatchResultsJson { Written = written.Written, Skipped = written.Skipped, Failed = written.Failed, CostUsd = written.CostUsd },
                    CliJsonContext.Default.BatchResultsJson).ConfigureAwait(false);
            }
            else
            {
                await session.WriteFactsAsync(
                [
                    ("Job", $"{handle.Id} ({BatchProgress.State(handle.State)})"),
                    ("Folder", directory),
                    ("Written", written.Written.ToString(CultureInfo.InvariantCulture)),
                    ("Skipped", $"{written.Skipped.ToString(CultureInfo.InvariantCulture)} (already in the folder)"),
                    ("Failed", $"{written.Failed.ToString(CultureInfo.InvariantCulture)}{(written.Failed > 0 ? " (see <key>.error.json)" : string.Empty)}"),
                    ("Cost", written.CostUsd is { } cost ? "$" + cost.ToString("0.####", CultureInfo.InvariantCulture) + " (Batch price)" : "unknown (a price row is missing)"),
                ]).ConfigureAwait(false);
            }

            return handle.State != BatchJobState.Succeeded || written.Failed > 0 ? CliExitCodes.BatchNotSucceeded : CliExitCodes.Success;
        });
        return command;
    }

    private static Command Cancel(CliGlobals globals)
    {
        var job = JobArgument();
        var command = new Command("cancel", "Ask the service to cancel a job (items finished before the cancel may be billed).") { job };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var id = JobId(parse.GetValue(job));
            await using var services = await CliServices.StartAsync(globals.Configuration(parse), session, cancellationToken).ConfigureAwait(false);
            var handle = await services.Batch.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            await handle.CancelAsync(cancellationToken).ConfigureAwait(false);
            await WriteJobAsync(session, handle).ConfigureAwait(false);
            return CliExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliGlobals globals)
    {
        var command = new Command("list", "List the project's Batch jobs.");
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(globals.Configuration(parse), session, cancellationToken).ConfigureAwait(false);
            var jobs = new List<ImageBatchJob>();
            await foreach (var job in services.Batch.ListJobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(job);
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(new BatchListJson { Jobs = [.. jobs.Select(Json)] }, CliJsonContext.Default.BatchListJson).ConfigureAwait(false);
            }
            else
            {
                await session.WriteTableAsync(
                    ["id", "state", "total", "succeeded", "failed", "pending", "created", "name"],
                    jobs.Select(j => (IReadOnlyList<string>)
                    [
                        j.Id, BatchProgress.State(j.State), Count(j.Stats.Total), Count(j.Stats.Succeeded), Count(j.Stats.Failed), Count(j.Stats.Pending),
                        Time(j.CreateTime), j.DisplayName ?? string.Empty,
                    ])).ConfigureAwait(false);
            }

            return CliExitCodes.Success;
        });
        return command;
    }

    /// <summary>Exit 3 when a job ended FAILED, CANCELLED or EXPIRED, or with failed items; 0 otherwise (still running included).</summary>
    internal static int ExitCode(ImageBatchJob job) =>
        job.HasCompleted && (job.State != BatchJobState.Succeeded || job.Stats.Failed > 0) ? CliExitCodes.BatchNotSucceeded : CliExitCodes.Success;

    internal static BatchJobJson Json(ImageBatchJob job) => new()
    {
        Id = job.Id,
        State = BatchProgress.State(job.State),
        Stats = new BatchStatsJson { Total = job.Stats.Total, Succeeded = job.Stats.Succeeded, Failed = job.Stats.Failed, Pending = job.Stats.Pending },
        CreateTime = job.CreateTime,
        UpdateTime = job.UpdateTime,
    };

    internal static async Task WriteJobAsync(CliSession session, ImageBatchJob job)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(Json(job), CliJsonContext.Default.BatchJobJson).ConfigureAwait(false);
            return;
        }

        await session.WriteFactsAsync(
        [
            ("Job", job.Id),
            ("Name", job.DisplayName),
            ("Model", job.Model),
            ("State", BatchProgress.State(job.State) + (job.State == BatchJobState.Unknown && job.RawState is { } raw ? $" ({raw})" : string.Empty)),
            ("Requests", $"{Count(job.Stats.Total)} total, {Count(job.Stats.Succeeded)} succeeded, {Count(job.Stats.Failed)} failed, {Count(job.Stats.Pending)} pending"),
            ("Created", Time(job.CreateTime)),
            ("Updated", Time(job.UpdateTime)),
            ("Error", job.Error is { } error ? $"{error.Kind} {error.StatusCode} {error.ServiceStatus}: {error.Message} (owner {error.Owner})" : null),
            ("Next", job.HasCompleted ? $"nanobanana batch results {job.Id} --out DIR" : $"nanobanana batch wait {job.Id}"),
        ]).ConfigureAwait(false);
    }

    /// <summary>A job that ended without success where one image was expected (generate --route batch): exit 3.</summary>
    internal static async Task<int> ReportEndedAsync(CliSession session, ImageBatchJob job)
    {
        var error = job.Error;
        var message = $"Batch job {job.Id} ended {BatchProgress.State(job.State)}{(error is null ? string.Empty : $": {error.Kind} {error.StatusCode} {error.ServiceStatus} {error.Message}")}.";
        return await session.ReportAsync(
            "BatchJob" + job.State,
            message,
            $"Inspect it with 'nanobanana batch status {job.Id}'; resubmit once the cause is fixed.",
            CliExitCodes.BatchNotSucceeded,
            error?.Owner ?? NanoBanana.Sdk.Errors.ErrorOwner.Unknown).ConfigureAwait(false);
    }

    /// <summary>The one item of a generate --route batch job failed: exit 3 with its classified error.</summary>
    internal static async Task<int> ReportItemErrorAsync(CliSession session, ImageBatchJob job, BatchItemResult item)
    {
        var error = item.Error!;
        await session.WriteErrorLinesAsync(
        [
            ("Failed", $"Batch item '{item.Key}' of {job.Id}: {error.Kind}: {error.Message}"),
            ("Status", $"{error.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no HTTP status"} {error.ServiceStatus ?? error.FinishReason}".TrimEnd()),
            ("Likely owner", error.Owner.ToString()),
            ("Cost", item.Cost.ToString()),
        ]).ConfigureAwait(false);
        if (session.Json)
        {
            await session.WriteJsonAsync(
                new ErrorEnvelopeJson
                {
                    Error = new ErrorJson
                    {
                        Type = "BatchItemError",
                        Status = error.StatusCode,
                        ServiceStatus = error.ServiceStatus,
                        Owner = error.Owner.ToString(),
                        NextMove = error.IsTransient ? "Transient: submit the request again." : "Not transient: fix the request (prompt, size, model) before submitting it again.",
                        RequestId = job.Id,
                    },
                },
                CliJsonContext.Default.ErrorEnvelopeJson).ConfigureAwait(false);
        }

        return CliExitCodes.BatchNotSucceeded;
    }

    private static async Task<List<BatchImageItem>> ReadInputAsync(string path, string modelId, ImageSize? defaultSize, AspectRatio? defaultAspect, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new UsageException($"Option --input: '{full}' does not exist. Give a JSONL file, one {{\"key\", \"prompt\", \"size\", \"aspect\"}} object per line.");
        }

        var items = new List<BatchImageItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(full, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"Option --input: {Path.GetFileName(full)} line {number}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new UsageException($"{where} is not JSON ({ex.Message}). Each line is one object: {{\"key\": \"sku-001\", \"prompt\": \"...\", \"size\": \"1K\", \"aspect\": \"1:1\"}}.");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException($"{where} is not a JSON object. Each line is one object: {{\"key\": \"sku-001\", \"prompt\": \"...\"}}.");
                }

                foreach (var property in root.EnumerateObject())
                {
                    if (!LineFields.Contains(property.Name, StringComparer.Ordinal))
                    {
                        throw new UsageException($"{where}: '{property.Name}' is not a field of an input line. Allowed fields: {string.Join(", ", LineFields)}.");
                    }
                }

                var key = Text(root, "key", where) ?? throw new UsageException($"{where} has no \"key\": give each request your own unique key (it names DIR/<key>.png).");
                if (!keys.Add(key))
                {
                    throw new UsageException($"{where}: key '{key}' is used twice. Keys must be unique within a job.");
                }

                var prompt = Text(root, "prompt", where) ?? throw new UsageException($"{where} has no \"prompt\".");
                var size = Text(root, "size", where) is { } s ? CliParse.Size(s, $"{where} size") : defaultSize;
                var aspect = Text(root, "aspect", where) is { } a ? CliParse.Aspect(a, $"{where} aspect") : defaultAspect;
                try
                {
                    ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve(modelId), size, aspect, PriceLane.GoogleBatch);
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"{where}: {CliParse.Message(ex)}");
                }

                items.Add(new BatchImageItem(key, new ImageRequest(prompt) { Size = size, AspectRatio = aspect }));
            }
        }

        return items.Count > 0 ? items : throw new UsageException($"Option --input: '{full}' has no requests. Give one JSON object per line.");
    }

    private static string? Text(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new UsageException($"{where}: \"{name}\" must be a non-empty string.");
        }

        return value.GetString();
    }

    private static string JobId(string? value) => CliParse.NotBlank(value, "JOB", "a job id such as batches/abc123");

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
