using System.Globalization;
using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk;

/// <summary>The six proof items a provider must pass before production (SPEC §6).</summary>
public enum ProviderProofItem
{
    /// <summary>Base URL, request shape, provider model name, returned model name: the alias maps clearly to the intended model.</summary>
    EndpointAndAlias = 0,

    /// <summary>Unit price, balance mode, generate vs edit: matches the configured price.</summary>
    PriceAndBillingMode = 1,

    /// <summary>Timeout, safety block, upstream error, partial output: the rule is documented or observed.</summary>
    FailedCallRule = 2,

    /// <summary>Rate-limit headers, status page, support route: known before blaming Google.</summary>
    RateAndStatusRoute = 3,

    /// <summary>Retention, region, content policy, support terms: recorded (declared by the user).</summary>
    DataBoundary = 4,

    /// <summary>Prompt, response, latency, cost, status code: the logs match the claim.</summary>
    SmallLoggedTest = 5,
}

/// <summary>A proof item's verdict.</summary>
public enum ProviderProofVerdict
{
    /// <summary>The evidence meets the pass condition.</summary>
    Pass = 0,

    /// <summary>The evidence does not meet it (or is missing).</summary>
    Fail = 1,

    /// <summary>Recorded as declared by the user; the SDK cannot observe it (data terms).</summary>
    Declare = 2,
}

/// <summary>One row of a proof report.</summary>
/// <param name="Item">The proof item.</param>
/// <param name="Verdict">Pass, Fail or Declare.</param>
/// <param name="Summary">Why, in one line.</param>
/// <param name="Evidence">What was recorded: status codes, request ids, latencies, costs, headers.</param>
public sealed record ProviderProofRow(ProviderProofItem Item, ProviderProofVerdict Verdict, string Summary, IReadOnlyList<string> Evidence);

/// <summary>One call the proof made.</summary>
public sealed record ProviderProofCall
{
    /// <summary>What the call tested: <c>generate</c>, <c>edit</c> or <c>bad-request</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The method and path called.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The exact model string sent.</summary>
    public required string ModelSent { get; init; }

    /// <summary>The model the provider says answered.</summary>
    public string? ReturnedModel { get; init; }

    /// <summary>Whether the returned model maps to another model than intended.</summary>
    public bool ModelMismatch { get; init; }

    /// <summary>The HTTP status, or <see langword="null"/> when none arrived.</summary>
    public int? Status { get; init; }

    /// <summary>The provider's request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>Time from sending to the end of the answer.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Images returned.</summary>
    public int Images { get; init; }

    /// <summary>The cost reported by the provider, when it did.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>The cost computed from the profile's price, when one matched.</summary>
    public decimal? ConfiguredCostUsd { get; init; }

    /// <summary>Whether the call is believed billed, and the rule's note.</summary>
    public string? Billing { get; init; }

    /// <summary>The error kind and message head for a failed call (redacted).</summary>
    public string? Error { get; init; }

    /// <summary>The operational headers seen (rate limits, request id, cost); redacted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>How <see cref="ProviderProof"/> tests a provider.</summary>
public sealed class ProviderProofOptions
{
    /// <summary>Generations to run. Default 2.</summary>
    public int Generations { get; set; } = 2;

    /// <summary>The prompt of each generation.</summary>
    public string Prompt { get; set; } = "A single ripe banana on a plain white background, studio light (provider proof test)";

    /// <summary>The edit prompt; the edit uses the first generated image (or <see cref="EditImage"/>).</summary>
    public string EditPrompt { get; set; } = "Make the background light blue (provider proof test)";

    /// <summary>The image to edit; <see langword="null"/> edits the first generated image. No edit runs when neither exists.</summary>
    public ImageInput? EditImage { get; set; }

    /// <summary>Our model id to prove; <see langword="null"/> uses the client's default model.</summary>
    public string? Model { get; set; }

    /// <summary>The size to ask for; <see langword="null"/> sends none.</summary>
    public ImageSize? Size { get; set; }

    /// <summary>The deliberately bad request's model string (expected to be refused with a 4xx).</summary>
    public string BadModel { get; set; } = "nanobanana-proof-no-such-model";
}

/// <summary>
/// The provider proof harness (SPEC §6): a small logged test — a few generations, one edit, one deliberately bad
/// request, the alias and returned-model check, header capture and latency per call — written up as a
/// <see cref="ProviderProofReport"/> with the six checklist rows. Each call is a real, billed call to the provider.
/// </summary>
#pragma warning disable RS0026 // Both entry points take optional settings and a token, as in every .NET client SDK.
public static class ProviderProof
{
    /// <summary>Builds a client for <paramref name="profile"/> and runs the proof with it.</summary>
    /// <param name="profile">The provider to prove.</param>
    /// <param name="clientOptions">Shared client settings; defaults when <see langword="null"/>.</param>
    /// <param name="options">What to run; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives the client's line per call (the logged test); never the key or the prompt.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report; it never contains the API key.</returns>
    /// <exception cref="ArgumentException">The profile or options are invalid.</exception>
    public static async Task<ProviderProofReport> RunAsync(
        ProviderProfile profile, ProviderImageClientOptions? clientOptions = null, ProviderProofOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        using var client = new ProviderImageClient(profile, clientOptions, logger);
        return await RunAsync(client, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the proof against a client's provider.</summary>
    /// <param name="client">The provider client.</param>
    /// <param name="options">What to run; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report; it never contains the API key.</returns>
    public static async Task<ProviderProofReport> RunAsync(ProviderImageClient client, ProviderProofOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ProviderProofOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Generations, nameof(options));
        var profile = client.Profile;
        var model = options.Model ?? client.DefaultModel;
        var calls = new List<ProviderProofCall>();
        ImageInput? editImage = options.EditImage;
        var startedAt = client.Time.GetUtcNow();
        for (var i = 0; i < options.Generations; i++)
        {
            var (call, result) = await RunCallAsync(client, "generate", new ImageRequest(options.Prompt) { Model = model, Size = options.Size }, cancellationToken).ConfigureAwait(false);
            calls.Add(call);
            if (editImage is null && result is { Images.Count: > 0 })
            {
                editImage = ImageInput.FromBytes(result.Image.Data, result.Image.MimeType);
            }
        }

        if (editImage is not null)
        {
            calls.Add((await RunCallAsync(client, "edit", new ImageRequest(options.EditPrompt) { Model = model, Size = options.Size, InputImages = [editImage] }, cancellationToken).ConfigureAwait(false)).Call);
        }

        calls.Add((await RunCallAsync(client, "bad-request", new ImageRequest(options.Prompt) { Model = options.BadModel }, cancellationToken).ConfigureAwait(false)).Call);

        var rows = new List<ProviderProofRow>
        {
            Endpoint(client, model, calls),
            Price(client, calls),
            Rule(client, calls),
            RateAndStatus(profile, calls),
            Data(profile),
            SmallTest(calls, options, editImage is not null),
        };
        return new ProviderProofReport
        {
            Provider = profile.Name,
            BaseUrl = profile.BaseUrl!.GetLeftPart(UriPartial.Path),
            Dialect = profile.Dialect,
            Model = model,
            StartedAt = startedAt,
            Rows = rows,
            Calls = calls,
            Warnings = client.Warnings,
        };
    }

    private static async Task<(ProviderProofCall Call, ImageGenerationResult? Result)> RunCallAsync(
        ProviderImageClient client, string kind, ImageRequest request, CancellationToken cancellationToken)
    {
        var time = client.Time;
        var started = time.GetTimestamp();
        try
        {
            var result = await client.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
            return (new ProviderProofCall
            {
                Kind = kind,
                Endpoint = result.Endpoint,
                ModelSent = result.RequestedModel,
                ReturnedModel = result.ReturnedModel,
                ModelMismatch = result.ModelMismatch,
                Status = result.Response?.Status,
                RequestId = result.RequestId,
                Latency = result.Latency ?? time.GetElapsedTime(started),
                Images = result.Images.Count,
                ReportedCostUsd = result.Cost.ReportedCostUsd,
                ConfiguredCostUsd = result.Cost.EstimatedCostUsd,
                Billing = result.Cost.BillingNote,
                Headers = result.Response?.Headers ?? new Dictionary<string, string>(),
            }, result);
        }
        catch (NanoBananaException ex)
        {
            return (new ProviderProofCall
            {
                Kind = kind,
                Endpoint = ex.Packet.Endpoint,
                ModelSent = request.Model ?? client.DefaultModel,
                Status = ex.StatusCode,
                RequestId = ex.RequestId,
                Latency = time.GetElapsedTime(started),
                ReportedCostUsd = ex.Cost?.ReportedCostUsd,
                ConfiguredCostUsd = ex.Cost?.EstimatedCostUsd,
                Billing = ex.Cost is { } cost ? $"{(cost.Billable ? "billed" : "not billed")}: {cost.BillingNote}" : null,
                Error = $"{ex.Kind} ({ex.GetType().Name}): {FirstLine(ex.Message)}",
            }, null);
        }
        catch (ArgumentException ex)
        {
            return (new ProviderProofCall { Kind = kind, ModelSent = request.Model ?? client.DefaultModel, Latency = time.GetElapsedTime(started), Error = "refused before sending: " + FirstLine(ex.Message) }, null);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static string Usd(decimal? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"${v:0.######}") : "unknown";

    private static string Describe(ProviderProofCall call) => string.Create(
        CultureInfo.InvariantCulture,
        $"{call.Kind}: {call.Endpoint ?? "(not sent)"} status {call.Status?.ToString(CultureInfo.InvariantCulture) ?? "none"}, request id {call.RequestId ?? "none"}, {call.Latency.TotalMilliseconds:0} ms, model sent '{call.ModelSent}', returned '{call.ReturnedModel ?? "none"}', images {call.Images}, reported {Usd(call.ReportedCostUsd)}, configured {Usd(call.ConfiguredCostUsd)}{(call.Error is null ? string.Empty : ", error " + call.Error)}");

    private static ProviderProofRow Endpoint(ProviderImageClient client, string model, List<ProviderProofCall> calls)
    {
        var ok = calls.Where(c => c.Kind != "bad-request" && c.Error is null).ToList();
        var evidence = new List<string>
        {
            $"base URL {client.Profile.BaseUrl!.GetLeftPart(UriPartial.Path)}, dialect {client.Profile.Dialect}",
            $"intended model '{model}'; profile maps: {(client.Profile.Models.Count == 0 ? "none" : string.Join(", ", client.Profile.Models.Select(m => $"{m.Key} → {m.Value}")))}",
        };
        evidence.AddRange(ok.Select(c => $"{c.Kind}: {c.Endpoint} sent '{c.ModelSent}', returned '{c.ReturnedModel ?? "none"}'{(c.ModelMismatch ? " (MISMATCH)" : string.Empty)}"));
        if (ok.Count == 0)
        {
            return new(ProviderProofItem.EndpointAndAlias, ProviderProofVerdict.Fail, "no call succeeded, so the alias could not be checked", evidence);
        }

        if (ok.Any(c => c.ModelMismatch))
        {
            return new(ProviderProofItem.EndpointAndAlias, ProviderProofVerdict.Fail, "the provider answered with a model that does not map to the intended model", evidence);
        }

        return ok.Any(c => c.ReturnedModel is null)
            ? new(ProviderProofItem.EndpointAndAlias, ProviderProofVerdict.Fail, "the provider did not name the model that answered, so the alias cannot be proven", evidence)
            : new(ProviderProofItem.EndpointAndAlias, ProviderProofVerdict.Pass, "every answer names a model that maps to the intended model", evidence);
    }

    private static ProviderProofRow Price(ProviderImageClient client, List<ProviderProofCall> calls)
    {
        var ok = calls.Where(c => c.Kind != "bad-request" && c.Error is null).ToList();
        var evidence = client.Profile.Prices.Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $"configured: {p.Model} {p.Size?.Value ?? "any size"} {p.Operation?.ToString() ?? "generate/edit"} {Usd(p.UnitPriceUsd)} (source {p.Source}; checked {p.CheckedOn:yyyy-MM-dd})")).ToList();
        evidence.AddRange(ok.Select(c => $"{c.Kind}: reported {Usd(c.ReportedCostUsd)}, configured {Usd(c.ConfiguredCostUsd)}"));
        if (client.Profile.Prices.Count == 0)
        {
            return new(ProviderProofItem.PriceAndBillingMode, ProviderProofVerdict.Fail, "no prices configured: costs are unknown", evidence);
        }

        if (ok.Count == 0 || ok.Any(c => c.ConfiguredCostUsd is null))
        {
            return new(ProviderProofItem.PriceAndBillingMode, ProviderProofVerdict.Fail, "no configured price matched a successful call", evidence);
        }

        var differs = ok.Where(c => c.ReportedCostUsd is { } r && Math.Abs(r - c.ConfiguredCostUsd!.Value) > 0.000001m).ToList();
        if (differs.Count > 0)
        {
            return new(ProviderProofItem.PriceAndBillingMode, ProviderProofVerdict.Fail, "the provider reported a cost that differs from the configured price", evidence);
        }

        return new(ProviderProofItem.PriceAndBillingMode, ProviderProofVerdict.Pass,
            ok.Any(c => c.ReportedCostUsd is not null) ? "the reported costs match the configured price" : "configured price applied (the provider reports no cost; compare with its console)", evidence);
    }

    private static ProviderProofRow Rule(ProviderImageClient client, List<ProviderProofCall> calls)
    {
        var rule = client.FailedCallRule;
        var evidence = new List<string> { $"rule '{rule.Name}' (source: {rule.Source})" };
        evidence.AddRange(Enum.GetValues<Pricing.BillingOutcome>().Select(o => rule.Describe(o)));
        evidence.AddRange(calls.Where(c => c.Error is not null).Select(c => $"{c.Kind}: status {c.Status?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {c.Billing ?? "no cost record"}"));
        evidence.Add($"retry stance: {(client.Profile.AllowRetries ? "retries allowed by the profile" : "no automatic retries")}; timeout {client.Profile.TimeoutFor(null).TotalSeconds:0} s (4K {client.Profile.TimeoutFor(ImageSize.FourK).TotalSeconds:0} s)");
        return client.Profile.FailedCallRule.Count > 0
            ? new(ProviderProofItem.FailedCallRule, ProviderProofVerdict.Pass, "the failed-call rule is declared in the profile; compare the bad request with the provider's call log", evidence)
            : new(ProviderProofItem.FailedCallRule, ProviderProofVerdict.Fail, ProviderProfile.UnprovenWarning, evidence);
    }

    private static ProviderProofRow RateAndStatus(ProviderProfile profile, List<ProviderProofCall> calls)
    {
        var seen = calls.SelectMany(c => c.Headers.Keys).Where(h => h.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var evidence = new List<string>
        {
            $"rate-limit headers seen: {(seen.Count == 0 ? "none" : string.Join(", ", seen))}",
            $"status page: {profile.StatusPage?.ToString() ?? "not set"}",
            $"support route: {profile.SupportUrl?.ToString() ?? "not set"}",
        };
        var missing = new List<string>();
        if (seen.Count == 0)
        {
            missing.Add("no rate-limit headers");
        }

        if (profile.StatusPage is null)
        {
            missing.Add("no status page");
        }

        if (profile.SupportUrl is null)
        {
            missing.Add("no support route");
        }

        return missing.Count == 0
            ? new(ProviderProofItem.RateAndStatusRoute, ProviderProofVerdict.Pass, "rate-limit headers, status page and support route are known", evidence)
            : new(ProviderProofItem.RateAndStatusRoute, ProviderProofVerdict.Fail, string.Join(", ", missing), evidence);
    }

    private static ProviderProofRow Data(ProviderProfile profile)
    {
        var terms = profile.DataTerms;
        var evidence = new List<string>
        {
            $"retention: {terms.Retention ?? "not declared"}",
            $"region: {terms.Region ?? "not declared"}",
            $"content policy: {terms.ContentPolicy ?? "not declared"}",
        };
        return terms.IsDeclared
            ? new(ProviderProofItem.DataBoundary, ProviderProofVerdict.Declare, "declared by the user; the SDK cannot observe data terms", evidence)
            : new(ProviderProofItem.DataBoundary, ProviderProofVerdict.Fail, "data terms not declared (Retention, Region, ContentPolicy)", evidence);
    }

    private static ProviderProofRow SmallTest(List<ProviderProofCall> calls, ProviderProofOptions options, bool edited)
    {
        var evidence = calls.Select(Describe).ToList();
        var generations = calls.Where(c => c.Kind == "generate").ToList();
        var bad = calls.Single(c => c.Kind == "bad-request");
        var failures = new List<string>();
        if (generations.Count != options.Generations || generations.Any(c => c.Error is not null))
        {
            failures.Add("a generation failed");
        }

        if (!edited || calls.Any(c => c.Kind == "edit" && c.Error is not null))
        {
            failures.Add("the edit failed or did not run");
        }

        if (bad.Status is not (>= 400 and < 500))
        {
            failures.Add($"the bad request was not refused with a 4xx (status {bad.Status?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
        }

        if (calls.Any(c => c.Status is not null && c.RequestId is null))
        {
            failures.Add("an answer had no request id");
        }

        return failures.Count == 0
            ? new(ProviderProofItem.SmallLoggedTest, ProviderProofVerdict.Pass, "generations and the edit succeeded, the bad request was refused with a 4xx, every answer has a request id", evidence)
            : new(ProviderProofItem.SmallLoggedTest, ProviderProofVerdict.Fail, string.Join("; ", failures), evidence);
    }
}
