using System.Globalization;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace QuickStart;

/// <summary>
/// The QuickStart itself. Program only wires the console; tests run this with their own writers and environment,
/// which is why nothing here reads the process environment or writes to <see cref="Console"/> directly.
/// </summary>
internal static class QuickStartApp
{
    public const int Success = 0;
    public const int RequestFailed = 1;
    public const int InvalidOptions = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        QuickStartOptions options;
        try
        {
            options = QuickStartOptions.Parse(args);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"{ex.Message}{Environment.NewLine}Run with --help to see every option and its valid values.");
            return InvalidOptions;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(QuickStartOptions.HelpText);
            return Success;
        }

        NanoBananaEmulator? emulator = null;
        RoutePlan? plan = null;
        try
        {
            var clientOptions = new OfficialImageClientOptions
            {
                Transport = options.Transport == "generateContent" ? OfficialTransport.GenerateContent : OfficialTransport.Interactions,
            };

            var apiKey = NonBlank(environment("GEMINI_API_KEY")) ?? NonBlank(environment("GOOGLE_API_KEY"));
            if (apiKey is null)
            {
                emulator = await NanoBananaEmulator.StartAsync(cancellationToken: cancellationToken);
                clientOptions.ApiKey = "emulator-key";
                clientOptions.BaseUrl = emulator.BaseAddress;
                await output.WriteLineAsync($"No GEMINI_API_KEY or GOOGLE_API_KEY: using the embedded emulator at {emulator.BaseAddress} (no network, no cost).");
            }
            else
            {
                // Both settings come from the injected environment, so the client never falls back to the process's own.
                clientOptions.ApiKey = apiKey;
                clientOptions.BaseUrl = NonBlank(environment("GOOGLE_GEMINI_BASE_URL")) is not { } baseUrl
                    ? OfficialImageClientOptions.DefaultBaseUrl
                    : Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
                        ? uri
                        : throw new UsageException($"GOOGLE_GEMINI_BASE_URL '{baseUrl}' is not an absolute URL: set it to one such as {OfficialImageClientOptions.DefaultBaseUrl}, or unset it.");
            }

            // The route-selecting facade over the one route client the QuickStart has: it plans the request (model, route,
            // lane, size, price, each with its reason) without any network call, then sends it on the official route.
            using var client = new OfficialImageClient(clientOptions);
            var router = new NanoBananaClient(client);
            var request = new ImageRequest(options.Prompt)
            {
                Model = options.Model,
                Size = options.Size,
                AspectRatio = options.AspectRatio,
            };

            plan = router.Plan(request);
            var result = (await router.GenerateAsync(request, cancellationToken)).EnsureImage();
            var path = OutputPath(options.Out, result.Image);
            try
            {
                await result.Image.SaveAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The image exists and may be billed: print everything about it before saying what went wrong locally.
                await output.WriteAsync(Describe(plan, result, options.Transport, path, saved: false));
                await error.WriteLineAsync($"Could not write the image to {path}: {ex.Message} Give --out a path in a folder you can write to.");
                return RequestFailed;
            }

            await output.WriteAsync(Describe(plan, result, options.Transport, path));
            return Success;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return InvalidOptions;
        }
        catch (NanoBananaException ex)
        {
            await error.WriteAsync(Describe(ex, plan));
            return RequestFailed;
        }
        catch (ArgumentException ex)
        {
            // Settings the client refused before any request (an http:// base URL, a key with a stray newline…).
            await error.WriteLineAsync(ex.Message);
            return InvalidOptions;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.");
            return Cancelled;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>The lines printed for an image, one fact per line: the plan's reasons first, then the image.</summary>
    internal static string Describe(RoutePlan plan, ImageGenerationResult result, string transport, string path, bool saved = true)
    {
        var image = result.Image;
        var lines = PlanLines(plan);
        lines.AddRange(
        [
            Line("Route", $"{result.Route} (lane {result.Lane}, transport {transport})"),
            Line("Model", $"requested {result.RequestedModel}, returned {result.ReturnedModel ?? "(not reported)"}"),
            Line("Size", $"{Text(result.Size)}, aspect ratio {Text(result.AspectRatio)}"),
            Line("Pixels", image.TryGetDimensions() is var (width, height) ? $"{width} x {height}" : "(unreadable header)"),
            Line("MIME type", image.MimeType),
            Line("Latency", result.Latency is { } latency ? $"{latency.TotalMilliseconds:F0} ms" : "(none)"),
            Line("Request id", RequestIds(result.ResponseId, result.RequestId)),
            Line("Tokens", Tokens(result.Usage)),
            Line("Cost", Cost(result.Cost)),
            Line("Billing", Billing(result.Cost)),
        ]);
        if (result.Cost.Alert is { } alert)
        {
            lines.Add(Line("Cost alert", alert.ToString()));
        }

        lines.Add(Line("Image", saved ? $"{path} ({image.Data.Length:N0} bytes)" : $"NOT WRITTEN to {path} ({image.Data.Length:N0} bytes)"));
        lines.AddRange(result.Warnings.Select(w => Line("Warning", w)));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>
    /// The plan's reasons, one line each (<c>Plan:         CODE: message</c>), in the order the policy decided: model,
    /// route and lane, size, price. Made before the call, so a failure prints them too.
    /// </summary>
    internal static List<string> PlanLines(RoutePlan? plan)
    {
        var lines = new List<string>();
        if (plan is null)
        {
            return lines;
        }

        lines.AddRange(plan.Reasons.Select(reason => Line("Plan", reason.ToString())));
        if (plan.Refusal is { } refusal)
        {
            lines.Add(Line("Refused", refusal.ToString()));
        }

        return lines;
    }

    /// <summary>The lines printed for a failed request: the plan, then what failed, who, what next, and the packet to hand over.</summary>
    internal static string Describe(NanoBananaException ex, RoutePlan? plan = null)
    {
        var lines = PlanLines(plan);
        lines.AddRange(
        [
            Line("Failed", $"{ex.GetType().Name}: {ex.Message}"),
            Line("Status", $"{(ex.StatusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "no HTTP status")} {ex.ServiceStatus ?? ex.ErrorCode}".TrimEnd()),
            Line("Likely owner", ex.LikelyOwner.ToString()),
            Line("Next move", ex.NextMove),
            Line("Request id", ex.RequestId ?? "(none)"),
            Line("Transient", ex.IsTransient ? $"yes{(ex.RetryAfter is { } wait ? $", retry after {wait.TotalSeconds:F0} s" : string.Empty)}" : "no"),
        ]);
        if (ex is NoImageException noImage)
        {
            lines.Add(Line("No image", $"{noImage.Reason} (finish {noImage.FinishReason ?? "-"}, block {noImage.BlockReason ?? "-"}), billed: {(noImage.Billed ? "yes" : "no")}"));
            lines.Add(Line("Tokens", Tokens(noImage.Usage)));
            if (!string.IsNullOrWhiteSpace(noImage.Text))
            {
                lines.Add(Line("Model text", noImage.Text));
            }
        }

        if (ex.Cost is { } cost)
        {
            lines.Add(Line("Cost", Cost(cost)));
            lines.Add(Line("Billing", Billing(cost)));
            if (cost.Alert is { } alert)
            {
                lines.Add(Line("Cost alert", alert.ToString()));
            }
        }

        lines.Add("Repro packet (no key; the prompt only as a SHA-256):");
        lines.Add(ex.Packet.ToJson());
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>The path the image is written to: <c>--out</c> (given an extension from the MIME type when it has none) or a timestamped file here.</summary>
    internal static string OutputPath(string? requested, GeneratedImage image)
    {
        if (requested is null)
        {
            return Path.GetFullPath($"nanobanana-{DateTime.Now:yyyyMMdd-HHmmss}{image.FileExtension}");
        }

        return Path.GetFullPath(Path.HasExtension(requested) ? requested : requested + image.FileExtension);
    }

    private static string Cost(CostRecord cost)
    {
        var price = cost.PriceStatus == PriceStatus.Missing || cost.UnitPriceUsd is null
            ? $"no price row ({cost.PriceNote ?? "unknown model or size"})"
            : $"{ListPrice(cost.UnitPriceUsd.Value, cost.PriceUnit)} {Unit(cost.PriceUnit)}, {cost.Lane} price from {cost.PriceSource ?? "(no source)"}, checked {cost.PriceCheckedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(no date)"}"
              + (cost.PriceStatus == PriceStatus.Stale ? " (STALE)" : string.Empty);
        var amount = cost.ReportedCostUsd is { } reported
            ? $"reported {Usd(reported)} (estimated {Usd(cost.EstimatedCostUsd)})"
            : $"estimated {Usd(cost.EstimatedCostUsd)}, not reported by the service";
        var usage = cost.UsageCost is { } used
            ? $"; reported tokens priced {Usd(used.TotalUsd)} (image {Usd(used.ImageCostUsd)}, text and thinking {Usd(used.TextCostUsd)}, input {Usd(used.InputCostUsd)})"
            : string.Empty;
        return $"{price}; {amount}{usage}";
    }

    // Google prints per-image prices to three decimals ($0.101 for 1,680 tokens × $60/1M = $0.1008); bill from the exact value.
    private static string ListPrice(decimal price, PriceUnit unit) =>
        unit == PriceUnit.PerImage && Math.Round(price, 3, MidpointRounding.AwayFromZero) != price
            ? $"${Math.Round(price, 3, MidpointRounding.AwayFromZero).ToString("0.000", CultureInfo.InvariantCulture)} (exact {Usd(price)})"
            : Usd(price);

    private static string Billing(CostRecord cost) =>
        (cost.Billable ? "billable" : "not billable") + (cost.BillingNote is { } note ? $": {note}" : string.Empty);

    private static string Unit(PriceUnit unit) => unit switch
    {
        PriceUnit.PerImage => "per image",
        PriceUnit.PerMillionOutputImageTokens => "per million output image tokens",
        PriceUnit.PerGroundingQuery => "per search query",
        _ => unit.ToString(),
    };

    private static string Usd(decimal? amount) =>
        amount is { } value ? "$" + value.ToString("0.0000##", CultureInfo.InvariantCulture) : "(unknown)";

    private static string Tokens(TokenUsage? usage) => usage is null
        ? "(not reported)"
        : $"input {Count(usage.InputTokens)}, output {Count(usage.OutputTokens)} (image {Count(usage.OutputImageTokens)}, text {Count(usage.OutputTextTokens)}), thoughts {Count(usage.ThoughtTokens)}, total {Count(usage.TotalTokens)}";

    private static string Count(int? tokens) => tokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    private static string RequestIds(string? responseId, string? requestId) =>
        (responseId, requestId) switch
        {
            (null, null) => "(none)",
            ({ } id, null) => id,
            (null, { } id) => id,
            var (response, request) when response == request => response,
            var (response, request) => $"{response} (HTTP request id {request})",
        };

    private static string Text<T>(T? value)
        where T : struct => value?.ToString() ?? "(service default)";

    private static string Line(string label, string value) => $"{label + ":",-14}{value}";

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
