using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

/// <summary>
/// Reads one official success answer (either transport) into an <see cref="ImageGenerationResult"/>, or the
/// classified error when it holds no image or cannot be read; prices every ending.
/// </summary>
internal sealed class OfficialAnswerReader(OfficialSettings settings, OfficialCall call)
{
    public ErrorContext Context { get; } = new()
    {
        Route = ImageRoute.Official,
        Lane = call.Tier.Lane,
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

    public CostRecord Cost(BillingOutcome outcome, TokenUsage? usage, int imageCount, int groundingQueries, int retries) =>
        settings.Pricing.Record(
            new CostQuery { Route = ImageRoute.Official, Lane = call.Tier.Lane, Model = call.Model, Size = call.PricedSize, Operation = call.Request.Operation, ImageCount = imageCount },
            new CallBilling { Outcome = outcome, Usage = usage, GroundingQueries = groundingQueries, Retries = retries });

    public async Task<ImageGenerationResult> ReadAsync(HttpResponseMessage response, ServiceAnswer answer, CancellationToken cancellationToken)
    {
        var status = answer.Status;
        var requestId = answer.RequestId;
        ParsedImageResponse parsed;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var limits = new ImageParseLimits(settings.MaxImageBytes, ContentLength: response.Content.Headers.ContentLength, Secret: settings.ApiKey);
                parsed = call.Transport == OfficialTransport.Interactions
                    ? await ImageResponseParser.ParseInteractionAsync(stream, limits, cancellationToken).ConfigureAwait(false)
                    : await ImageResponseParser.ParseGenerateContentAsync(stream, limits, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ResponseParseException ex)
        {
            // A success status means Google generated the image, even when it could not be read here.
            throw ErrorClassifier.Malformed(Context, status, requestId, ex.Message, ex, Cost(BillingOutcome.Unreadable, null, 1, 0, answer.Retries));
        }

        var text = parsed.Text.Length > 0 ? parsed.Text.ToString() : null;

        // generateContent says why in finishReason; a failed interaction in errors[0].code, else only its status.
        var finishReason = parsed.FinishReason ?? parsed.ErrorCode ?? parsed.Status;
        if (parsed.Images.Count == 0)
        {
            var (reason, blockReason) = NoImageReasonOf(parsed, finishReason, text);
            var finishMessage = parsed.FinishMessage ?? parsed.BlockReasonMessage ?? parsed.ErrorMessage;
            throw ErrorClassifier.NoImage(
                Context, reason, text, finishReason, blockReason, parsed.Usage, status, requestId,
                Cost(BillingOutcome.NoImage, parsed.Usage, 1, parsed.GroundingQueries, answer.Retries), parsed.ResponseId, finishMessage);
        }

        var images = new GeneratedImage[parsed.Images.Count];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = new GeneratedImage(parsed.Images[i].Data, parsed.Images[i].MimeType);
        }

        return new ImageGenerationResult
        {
            Images = images,
            Text = text,
            Model = call.Model,
            ReturnedModel = parsed.ModelVersion,
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
            Route = ImageRoute.Official,
            Lane = call.Tier.Lane,
            Endpoint = call.Endpoint,
            Cost = Cost(BillingOutcome.Success, parsed.Usage, images.Length, parsed.GroundingQueries, answer.Retries),
            Warnings = WarningsWith(parsed.ModelVersion, parsed.GroundingQueries),
        };
    }

    // A gateway or an alias may route to another model than the one asked for and priced; say so rather than bill silently.
    private IReadOnlyList<string> WarningsWith(string? returnedModel, int groundingQueries)
    {
        // Reported queries are in the cost record; the warning stays only when a grounded answer reported none.
        IReadOnlyList<string> warnings = groundingQueries > 0
            ? [.. call.Warnings.Where(w => !string.Equals(w, OfficialRequestBuilder.UncountedGroundingWarning, StringComparison.Ordinal))]
            : call.Warnings;
        // The usual answer names the model asked for: no catalog lookup (and no resolution object) for that.
        if (string.IsNullOrWhiteSpace(returnedModel)
            || string.Equals(returnedModel, call.Model.ModelId, StringComparison.Ordinal)
            || string.Equals(settings.Catalog.Resolve(returnedModel).ModelId, call.Model.ModelId, StringComparison.Ordinal))
        {
            return warnings;
        }

        var returned = SecretRedactor.Redact(returnedModel, settings.ApiKey);
        return [.. warnings, $"The service says model '{returned}' answered, not the requested '{call.Model.Requested}' ({call.Model.ModelId}); the cost record prices {call.Model.ModelId}."];
    }

    private (NoImageReason Reason, string? BlockReason) NoImageReasonOf(ParsedImageResponse parsed, string? finishReason, string? text)
    {
        if (parsed.BlockReason is not null)
        {
            return (NoImageReason.PromptBlocked, parsed.BlockReason);
        }

        if (finishReason is not null && Array.Exists(FinishKinds.SafetyReasons, r => string.Equals(r, finishReason, StringComparison.OrdinalIgnoreCase)))
        {
            // An interaction that failed on a safety code before producing any output step never started
            // generating: the prompt (or an input image) was refused, as promptFeedback.blockReason says on generateContent.
            return call.Transport == OfficialTransport.Interactions && parsed.CandidateCount == 0 && parsed.ErrorCode is not null
                ? (NoImageReason.PromptBlocked, parsed.ErrorCode)
                : (NoImageReason.SafetyFinish, null);
        }

        var finishedNormally = finishReason is null
            || string.Equals(finishReason, "STOP", StringComparison.OrdinalIgnoreCase)
            || string.Equals(finishReason, "completed", StringComparison.OrdinalIgnoreCase);
        return (finishedNormally && text is not null ? NoImageReason.TextOnly : NoImageReason.OtherFinish, null);
    }
}
