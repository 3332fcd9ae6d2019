using System.Globalization;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using Spectre.Console;

namespace NanoBanana.Cli.Commands;

/// <summary>Waits for a Batch job with progress on standard error: a live bar on a terminal, one line per change otherwise.</summary>
internal static class BatchProgress
{
    public static async Task WaitAsync(CliSession session, ImageBatchJob job, CancellationToken cancellationToken)
    {
        if (session.ErrorTerminal is { } terminal)
        {
            await terminal.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape($"{job.Id} {State(job.State)}"), maxValue: Math.Max(1, job.Stats.Total));
                    await job.WaitForCompletionAsync(
                        new SyncProgress<BatchJobProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.Stats.Total);
                            task.Value = p.Stats.Completed;
                            task.Description = Markup.Escape($"{job.Id} {State(p.State)} {p.Stats.Completed}/{p.Stats.Total}{(p.Stats.Failed > 0 ? $" ({p.Stats.Failed} failed)" : string.Empty)}");
                        }),
                        cancellationToken).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                    task.StopTask();
                }).ConfigureAwait(false);
            return;
        }

        string? last = null;
        await job.WaitForCompletionAsync(
            new SyncProgress<BatchJobProgress>(p =>
            {
                var line = $"{State(p.State)} {p.Stats.Completed}/{p.Stats.Total} done{(p.Stats.Failed > 0 ? $", {p.Stats.Failed} failed" : string.Empty)}";
                if (line != last)
                {
                    last = line;
                    session.Error.WriteLine($"{job.Id}: {line} after {p.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
                }
            }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state as the CLI prints it: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED (UNKNOWN for a state the SDK does not know).</summary>
    public static string State(BatchJobState state) => state.ToString().ToUpperInvariant();
}
