using System.CommandLine;
using System.Globalization;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using Spectre.Console;

namespace NanoBanana.Cli.Commands;

/// <summary><c>nanobanana provider prove</c>: the SDK's provider proof (SPEC §6) against a configured gateway, as a report.</summary>
internal static class ProviderCommands
{
    public static Command Create(CliGlobals globals)
    {
        var provider = new Command("provider", "Provider gateways: prove one before production.");
        var name = new Option<string?>("--provider") { HelpName = "NAME", Description = "The provider (NanoBanana:Providers:<name>). Default: the only one configured." };
        var report = new Option<string?>("--report") { HelpName = "FILE.md", Description = "Also write the proof report as Markdown to this file." };
        var prove = new Command("prove", "Run the proof checklist: generations, an edit, a deliberately bad request; alias, price, failed-call rule, status route, data terms, logged test. Each call is a real, billed call.") { name, report };
        globals.SetAction(prove, async (parse, session, cancellationToken) =>
        {
            var reportPath = parse.GetValue(report) is { } r ? Path.GetFullPath(CliParse.NotBlank(r, "--report", "a Markdown file path")) : null;
            if (reportPath is not null && !Directory.Exists(Path.GetDirectoryName(reportPath)))
            {
                throw new UsageException($"Option --report: the folder of '{reportPath}' does not exist. Give a path in an existing folder.");
            }

            var configuration = globals.Configuration(parse);
            var providerName = CliProviders.Resolve(configuration, parse.GetValue(name));
            using var client = CliProviders.Client(configuration, providerName, session.Context);
            // Prove the model the profile is about: its first priced model, else its first mapped one, else the default.
            var profile = client.Profile;
            var options = new ProviderProofOptions { Model = profile.Prices.Select(p => p.Model).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m)) ?? profile.Models.Keys.FirstOrDefault() };
            await session.Error.WriteLineAsync(
                $"Proving provider '{providerName}' at {client.Profile.BaseUrl}: {options.Generations} generation(s), 1 edit, 1 deliberately bad request on {options.Model ?? client.DefaultModel}. Each call is billed by the provider.").ConfigureAwait(false);
            ProviderProofReport proof;
            if (session.ErrorTerminal is { } terminal)
            {
                proof = await terminal.Status().StartAsync(
                    Markup.Escape($"Proving {providerName}..."),
                    _ => ProviderProof.RunAsync(client, options, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                proof = await ProviderProof.RunAsync(client, options, cancellationToken).ConfigureAwait(false);
            }

            if (reportPath is not null)
            {
                await File.WriteAllTextAsync(reportPath, proof.ToMarkdown(), CancellationToken.None).ConfigureAwait(false);
                await session.Error.WriteLineAsync($"Report written to {reportPath}.").ConfigureAwait(false);
            }

            var rows = proof.Rows.Select(row => new ProofRowJson
            {
                Item = row.Item.ToString(),
                Status = row.Verdict.ToString(),
                Evidence = row.Evidence.Count == 0 ? row.Summary : $"{row.Summary} Evidence: {string.Join("; ", row.Evidence)}",
            }).ToList();
            var calls = proof.Calls.Select(call => new ProofCallJson
            {
                Status = call.Status,
                RequestId = call.RequestId,
                LatencyMs = call.Latency.TotalMilliseconds,
                CostUsd = call.ReportedCostUsd ?? call.ConfiguredCostUsd,
            }).ToList();
            if (session.Json)
            {
                await session.WriteJsonAsync(new ProofJson { Provider = proof.Provider, Rows = rows, Calls = calls }, CliJsonContext.Default.ProofJson).ConfigureAwait(false);
            }
            else
            {
                await session.WriteTableAsync(["item", "status", "evidence"], rows.Select(row => (IReadOnlyList<string>)[row.Item, row.Status, row.Evidence])).ConfigureAwait(false);
                await session.Output.WriteLineAsync().ConfigureAwait(false);
                await session.WriteTableAsync(
                    ["call", "status", "request id", "latency ms", "cost usd", "model sent", "returned", "error"],
                    proof.Calls.Select(call => (IReadOnlyList<string>)
                    [
                        call.Kind,
                        call.Status?.ToString(CultureInfo.InvariantCulture) ?? "-",
                        call.RequestId ?? "-",
                        call.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                        (call.ReportedCostUsd ?? call.ConfiguredCostUsd)?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-",
                        call.ModelSent,
                        call.ReturnedModel ?? "-",
                        call.Error ?? string.Empty,
                    ])).ConfigureAwait(false);
                foreach (var warning in proof.Warnings)
                {
                    await session.Output.WriteLineAsync(CliSession.Line("Warning", warning)).ConfigureAwait(false);
                }

                await session.Output.WriteLineAsync(CliSession.Line("Verdict", proof.Passed ? "passed (no Fail row; Declare rows are yours to record)" : "NOT passed: fix the Fail rows before production")).ConfigureAwait(false);
            }

            return CliExitCodes.Success;
        });
        provider.Add(prove);
        return provider;
    }
}
