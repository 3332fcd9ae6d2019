using System.Globalization;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

/// <summary>Reads one provider success answer (any dialect) into an <see cref="ImageGenerationResult"/>, or the classified error; prices every ending on the provider lane.</summary>
internal sealed class ProviderAnswerReader(ProviderSettings settings, ProviderCall call, Func<HttpClient> httpClient)
{
    /// <summary>The cost header LiteLLM-style gateways send.</summary>
    public const string CostHeader = "x-litellm-response-cost";

    public ErrorContext Context { get; } = new()
    {
        Route = ImageRoute.Provider,
        Lane = PriceLane.Provider,
        Provider = settings.Profile.Name,
        Model = call.Model,
        ProjectId = settings.ProjectId,
        KeyType = settings.KeyType,
        Secret = settings.ApiKey,
        Size = call.PricedSize,
        AspectRatio = call.Request.AspectRatio,
        Prompt = call.Request.Prompt,
        IncludePromptInPacket = settings.IncludePromptInPacket,
        IncludePromptInTelemetry = settings.IncludePromptInTelemetry,
        Endpoint = call.Endpoint,
        ClientRequestId = call.Request.ClientRequestId,
        Time = settings.Time,
    };

    // A row for the exact string sent (a -preview id the gateway prices apart) wins over the row for our id.
    private readonly ModelResolution _priced =
        !string.Equals(call.WireModel, call.Intended.ModelId, StringComparison.OrdinalIgnoreCase)
        && settings.Pricing.Catalog.Providers.TryGetValue(settings.Profile.Name, out var table) && table.HasModel(call.WireModel)
            ? call.Model with { ModelId = call.WireModel }
            : call.Model;

    public CostRecord Cost(BillingOutcome outcome, TokenUsage? usage, int imageCount, int retries, decimal? reported = null) =>
        settings.Pricing.Record(
            new CostQuery { Route = ImageRoute.Provider, Lane = PriceLane.Provider, Model = _priced, Size = call.PricedSize, Operation = call.Request.Operation, ImageCount = Math.Max(1, imageCount), Provider = settings.Profile.Name },
            new CallBilling { Outcome = outcome, Usage = usage, Retries = retries, ReportedCostUsd = reported, Rule = settings.Rule });

    public async Task<ImageGenerationResult> ReadAsync(HttpResponseMessage response, ServiceAnswer answer, CancellationToken cancellationToken)
    {
        var status = answer.Status;
        var requestId = answer.RequestId;
        var headerCost = HeaderCost(answer.Info);
        ParsedImageResponse parsed;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var limits = new ImageParseLimits(settings.MaxImageBytes, ContentLength: response.Content.Headers.ContentLength, Secret: settings.ApiKey);
                parsed = settings.Profile.Dialect switch
                {
                    ProviderDialect.ChatCompletions => await ImageResponseParser.ParseChatCompletionAsync(stream, limits, cancellationToken).ConfigureAwait(false),
                    ProviderDialect.ImagesApi => await ImageResponseParser.ParseImagesApiAsync(stream, limits, cancellationToken).ConfigureAwait(false),
                    _ => await ImageResponseParser.ParseGenerateContentAsync(stream, limits, cancellationToken).ConfigureAwait(false),
                };
            }
        }
        catch (ResponseParseException ex)
        {
            throw ErrorClassifier.Malformed(Context, status, requestId, ex.Message, ex, Cost(BillingOutcome.Unreadable, null, call.ImageCount, answer.Retries, headerCost));
        }

        var reported = parsed.ReportedCostUsd ?? headerCost;
        var text = parsed.Text.Length > 0 ? parsed.Text.ToString() : null;
        var finishReason = parsed.FinishReason;
        GeneratedImage[] images;
        if (parsed.Images.Count > 0)
        {
            images = new GeneratedImage[parsed.Images.Count];
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = new GeneratedImage(parsed.Images[i].Data, parsed.Images[i].MimeType);
            }
        }
        else if (parsed.ImageUrls.Count > 0)
        {
            // Links instead of bytes (a gateway that ignores response_format=b64_json): fetched without any credential,
            // inside this call's timeout; a link that cannot be fetched is a generated but unreadable image.
            images = new GeneratedImage[parsed.ImageUrls.Count];
            var http = httpClient();
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = await ProviderImageDownloader.DownloadAsync(
                    http, parsed.ImageUrls[i], settings, Context, status, requestId,
                    () => Cost(BillingOutcome.Unreadable, parsed.Usage, call.ImageCount, answer.Retries, reported), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var (reason, blockReason) = NoImageReasonOf(parsed, finishReason, text);
            throw ErrorClassifier.NoImage(
                Context, reason, text, finishReason, blockReason, parsed.Usage, status, requestId,
                Cost(BillingOutcome.NoImage, parsed.Usage, 1, answer.Retries, reported), parsed.ResponseId, parsed.FinishMessage ?? parsed.BlockReasonMessage);
        }

        var cost = Cost(BillingOutcome.Success, parsed.Usage, images.Length, answer.Retries, reported);
        var warnings = new List<string>(call.Warnings);
        var mismatch = IsMismatch(parsed.ModelVersion);
        if (mismatch)
        {
            var message = $"Provider {settings.Profile.Name} says model '{parsed.ModelVersion}' answered, not '{call.WireModel}' sent for '{call.Intended.ModelId}'; the cost record prices {call.Intended.ModelId}. Check the profile's Models map.";
            if (settings.MismatchPolicy == ModelMismatchPolicy.Fail)
            {
                throw ErrorClassifier.Malformed(Context, status, requestId, message + " (ModelMismatchPolicy.Fail)", null, cost);
            }

            warnings.Add(message);
        }

        return new ImageGenerationResult
        {
            Images = images,
            Text = text,
            Model = call.Model,
            ReturnedModel = parsed.ModelVersion,
            ModelMismatch = mismatch,
            ResponseId = parsed.ResponseId,
            RequestId = requestId,
            FinishReason = finishReason,
            FinishKind = FinishKinds.Of(finishReason, parsed.BlockReason),
            Response = answer.Info,
            RawRepresentation = answer.Info,
            ClientRequestId = call.Request.ClientRequestId,
            Usage = parsed.Usage,
            Size = call.Request.Size,
            AspectRatio = call.Request.AspectRatio,
            Latency = answer.Elapsed,
            Attempts = answer.Attempts,
            Route = ImageRoute.Provider,
            Lane = PriceLane.Provider,
            Endpoint = call.Endpoint,
            Cost = cost,
            Warnings = warnings,
        };
    }

    /// <summary>Whether the returned model maps to another model than the one intended (the string sent, or its catalog id, is a match).</summary>
    internal bool IsMismatch(string? returned)
    {
        if (string.IsNullOrWhiteSpace(returned)
            || string.Equals(returned, call.WireModel, StringComparison.OrdinalIgnoreCase)
            || string.Equals(settings.Catalog.Resolve(returned).ModelId, call.Intended.ModelId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A name the profile maps to the intended model is not a mismatch either.
        return !settings.Profile.Models.Any(m =>
            string.Equals(m.Value, returned, StringComparison.OrdinalIgnoreCase)
            && string.Equals(settings.Catalog.Resolve(m.Key).ModelId, call.Intended.ModelId, StringComparison.OrdinalIgnoreCase));
    }

    internal static decimal? HeaderCost(ResponseInfo info) =>
        info.Headers.TryGetValue(CostHeader, out var text)
        && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var cost) && cost >= 0
            ? cost
            : null;

    private static (NoImageReason Reason, string? BlockReason) NoImageReasonOf(ParsedImageResponse parsed, string? finishReason, string? text)
    {
        if (parsed.BlockReason is not null)
        {
            return (NoImageReason.PromptBlocked, parsed.BlockReason);
        }

        if (finishReason is not null && Array.Exists(FinishKinds.SafetyReasons, r => string.Equals(r, finishReason, StringComparison.OrdinalIgnoreCase)))
        {
            return (NoImageReason.SafetyFinish, null);
        }

        var normal = finishReason is null || string.Equals(finishReason, "STOP", StringComparison.OrdinalIgnoreCase);
        return (normal && text is not null ? NoImageReason.TextOnly : normal && finishReason is null ? NoImageReason.TextOnly : NoImageReason.OtherFinish, null);
    }
}
