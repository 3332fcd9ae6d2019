using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Cli.Commands;

/// <summary><c>nanobanana generate</c>: one image (or one edit) on the official, Batch or provider route.</summary>
internal static class GenerateCommand
{
    public static readonly string[] Routes = ["auto", "official", "batch", "provider"];
    public static readonly string[] Transports = ["interactions", "generate-content"];

    public static Command Create(CliGlobals globals)
    {
        var prompt = new Option<string>("--prompt") { Required = true, HelpName = "TEXT", Description = "What to draw, or how to edit the --in images." };
        var model = new Option<string?>("--model") { HelpName = "ID", Description = $"The model: {string.Join(", ", ModelCatalog.Default.Models.Select(m => m.Id))} (or an alias). Default: the route's configured model ({ModelCatalog.DefaultModelId}; Pro is an override, not a default)." };
        var size = new Option<string?>("--size") { HelpName = "512|1K|2K|4K", Description = $"The output size ({ImageSize.AllowedValues}; uppercase K; only the sizes the model has). Default: none sent (the model's default)." };
        var aspect = new Option<string?>("--aspect") { HelpName = "W:H", Description = $"The aspect ratio ({AspectRatio.AllowedValues})." };
        var inputs = new Option<string[]>("--in") { HelpName = "IMAGE", Description = "An input image to edit (PNG, JPEG, WebP...); repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var route = new Option<string?>("--route") { HelpName = "auto|official|batch|provider", Description = "Which contract owns the request. Default: official." };
        var provider = new Option<string?>("--provider") { HelpName = "NAME", Description = "The provider gateway (NanoBanana:Providers:<name>) for --route provider. Default: the only one configured." };
        var tier = new Option<string?>("--tier") { HelpName = "standard|flex|priority", Description = "The official route's service tier (flex: half price, minutes of latency). Default: NanoBanana:Official:ServiceTier (standard)." };
        var transport = new Option<string?>("--transport") { HelpName = "interactions|generate-content", Description = "The official route's transport. Default: NanoBanana:Official:Transport (interactions)." };
        var output = new Option<string?>("--out") { HelpName = "FILE", Description = "Where to write the image. Default: ./nanobanana-<time>.<ext>; the extension follows the returned MIME type when the path has none." };
        var command = new Command("generate", "Make one image (or edit --in images) and print what happened: route, model, size, cost, request id.")
        {
            prompt, model, size, aspect, inputs, route, provider, tier, transport, output,
        };

        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var args = new GenerateArgs
            {
                Prompt = CliParse.NotBlank(parse.GetValue(prompt), "--prompt", "a description of the image"),
                Model = parse.GetValue(model) is { } m ? CliParse.NotBlank(m, "--model", "a model id such as " + ModelCatalog.DefaultModelId) : null,
                Size = CliParse.Size(parse.GetValue(size)),
                Aspect = CliParse.Aspect(parse.GetValue(aspect)),
                Inputs = parse.GetValue(inputs) ?? [],
                Route = CliParse.OneOf(parse.GetValue(route), "--route", Routes) ?? "official",
                Provider = parse.GetValue(provider),
                Tier = CliParse.Tier(parse.GetValue(tier)),
                Transport = CliParse.OneOf(parse.GetValue(transport), "--transport", Transports),
                Out = parse.GetValue(output),
            };
            return await RunAsync(globals, parse, session, args, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliGlobals globals, ParseResult parse, CliSession session, GenerateArgs args, CancellationToken cancellationToken)
    {
        if (args.Tier is not null && args.Route is not ("official" or "auto"))
        {
            throw new UsageException($"Option --tier applies to --route official or auto only (Batch is its own lane; a provider has no Google tiers). Allowed with --route {args.Route}: no --tier.");
        }

        if (args.Transport is not null && args.Route is not ("official" or "auto"))
        {
            throw new UsageException($"Option --transport applies to --route official or auto only. Allowed with --route {args.Route}: no --transport.");
        }

        if (args.Provider is not null && args.Route is not ("provider" or "auto"))
        {
            throw new UsageException($"Option --provider applies to --route provider (the gateway to call) or auto (the preferred one). Add --route provider, or drop --provider.");
        }

        if (args.Out is not null && string.IsNullOrWhiteSpace(args.Out))
        {
            throw new UsageException("Option --out must not be empty; give a file path.");
        }

        foreach (var path in args.Inputs)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"Option --in: '{Path.GetFullPath(path)}' does not exist. Give an image file (PNG, JPEG, WebP, HEIC or HEIF).");
            }
        }

        var overrides = new Dictionary<string, string?>();
        if (args.Transport is not null)
        {
            overrides[$"{CliConfiguration.Section}:Official:Transport"] = args.Transport == "generate-content" ? nameof(OfficialTransport.GenerateContent) : nameof(OfficialTransport.Interactions);
        }

        var configuration = globals.Configuration(parse, overrides);
        return args.Route switch
        {
            "provider" => await ProviderAsync(configuration, session, args, cancellationToken).ConfigureAwait(false),
            "batch" => await BatchAsync(configuration, session, args, cancellationToken).ConfigureAwait(false),
            "auto" => await AutoAsync(configuration, session, args, cancellationToken).ConfigureAwait(false),
            _ => await OfficialAsync(configuration, session, args, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<int> OfficialAsync(Microsoft.Extensions.Configuration.ConfigurationManager configuration, CliSession session, GenerateArgs args, CancellationToken cancellationToken)
    {
        var configuredTier = configuration[$"{CliConfiguration.Section}:Official:ServiceTier"] is { } text && ServiceTier.TryParse(text, out var t) ? t : ServiceTier.Standard;
        var modelId = args.Model ?? configuration[$"{CliConfiguration.Section}:Official:Model"] ?? ModelCatalog.DefaultModelId;
        CliParse.Model(modelId, args.Size, args.Aspect, (args.Tier ?? configuredTier).Lane);
        var request = await RequestAsync(args, args.Model, args.Tier is { } tier ? new GoogleImageOptions { ServiceTier = tier } : null, cancellationToken).ConfigureAwait(false);
        await using var services = await CliServices.StartAsync(configuration, session, cancellationToken).ConfigureAwait(false);
        var transport = services.Options.Official.Transport.ToString();
        var result = await services.Official.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(session, result, transport, args.Out).ConfigureAwait(false);
    }

    private static async Task<int> BatchAsync(Microsoft.Extensions.Configuration.ConfigurationManager configuration, CliSession session, GenerateArgs args, CancellationToken cancellationToken)
    {
        var modelId = args.Model ?? configuration[$"{CliConfiguration.Section}:Batch:Model"] ?? ModelCatalog.DefaultModelId;
        CliParse.Model(modelId, args.Size, args.Aspect, PriceLane.GoogleBatch);
        var request = await RequestAsync(args, model: null, google: null, cancellationToken).ConfigureAwait(false);
        await using var services = await CliServices.StartAsync(configuration, session, cancellationToken).ConfigureAwait(false);
        var job = await services.Batch.SubmitAsync(
            [new BatchImageItem("image", request)],
            new BatchSubmitOptions { Model = args.Model, Mode = BatchInputMode.Inline, DisplayName = "nanobanana-generate" },
            cancellationToken).ConfigureAwait(false);
        await session.Error.WriteLineAsync($"Batch job {job.Id} submitted (one inline request at the Batch price); waiting for it. Ctrl+C stops waiting, the job goes on.").ConfigureAwait(false);
        await BatchProgress.WaitAsync(session, job, cancellationToken).ConfigureAwait(false);
        if (job.State != BatchJobState.Succeeded)
        {
            return await BatchCommands.ReportEndedAsync(session, job).ConfigureAwait(false);
        }

        await foreach (var item in job.GetResultsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Result is { } result)
            {
                return await WriteAsync(session, result, transport: null, args.Out).ConfigureAwait(false);
            }

            return await BatchCommands.ReportItemErrorAsync(session, job, item).ConfigureAwait(false);
        }

        throw new CliStateException("NoResults", $"Batch job {job.Id} succeeded but returned no result.", $"Read it again with 'nanobanana batch results {job.Id} --out DIR'.");
    }

    /// <summary>
    /// The routing facade (<see cref="INanoBananaClient"/> from <c>AddNanoBanana</c>) picks the route, model and size and
    /// says why; offline work becomes a Batch job, waited for here. The plan's reasons go to standard error.
    /// </summary>
    private static async Task<int> AutoAsync(Microsoft.Extensions.Configuration.ConfigurationManager configuration, CliSession session, GenerateArgs args, CancellationToken cancellationToken)
    {
        if (args.Model is not null)
        {
            CliParse.Model(args.Model, args.Size, args.Aspect, (args.Tier ?? ServiceTier.Standard).Lane);
        }

        if (args.Provider is not null)
        {
            CliProviders.Resolve(configuration, args.Provider);
        }

        var request = await RequestAsync(
            args, args.Model, args.Tier is { } tier ? new GoogleImageOptions { ServiceTier = tier } : null, cancellationToken, new RoutingPreferences { PreferredProvider = args.Provider }).ConfigureAwait(false);
        await using var services = await CliServices.StartAsync(configuration, session, cancellationToken).ConfigureAwait(false);
        var client = services.Services.GetRequiredService<INanoBananaClient>();
        var plan = client.Plan(request);
        if (plan.Refusal is { } refusal)
        {
            return await session.ReportAsync("PlanRefused", $"The routing facade refuses this request before sending: {refusal}", refusal.Message, CliExitCodes.InvalidInput, Sdk.Errors.ErrorOwner.CostInstrumentation).ConfigureAwait(false);
        }

        var result = await client.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        await session.WriteErrorLinesAsync(result.Plan.Reasons.Select(r => ("Plan", (string?)r.ToString()))).ConfigureAwait(false);
        await session.WriteErrorLinesAsync(result.Attempts.Skip(1).Select(a => ("Fallback", (string?)a.ToString()))).ConfigureAwait(false);
        if (result.Image is { } image)
        {
            var transport = image.Route == ImageRoute.Official ? (result.Plan.RequiredTransport ?? services.Options.Official.Transport).ToString() : null;
            return await WriteAsync(session, image, transport, args.Out).ConfigureAwait(false);
        }

        var job = result.BatchJob!;
        await session.Error.WriteLineAsync($"The plan made this offline work: Batch job {job.Id} (Batch price); waiting for it. Ctrl+C stops waiting, the job goes on.").ConfigureAwait(false);
        await BatchProgress.WaitAsync(session, job, cancellationToken).ConfigureAwait(false);
        if (job.State != BatchJobState.Succeeded)
        {
            return await BatchCommands.ReportEndedAsync(session, job).ConfigureAwait(false);
        }

        await foreach (var item in job.GetResultsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.BatchItemKey is not null && item.Key != result.BatchItemKey)
            {
                continue;
            }

            return item.Result is { } batched
                ? await WriteAsync(session, batched, transport: null, args.Out).ConfigureAwait(false)
                : await BatchCommands.ReportItemErrorAsync(session, job, item).ConfigureAwait(false);
        }

        throw new CliStateException("NoResults", $"Batch job {job.Id} succeeded but returned no result for '{result.BatchItemKey}'.", $"Read it with 'nanobanana batch results {job.Id} --out DIR'.");
    }

    private static async Task<int> ProviderAsync(Microsoft.Extensions.Configuration.ConfigurationManager configuration, CliSession session, GenerateArgs args, CancellationToken cancellationToken)
    {
        var name = CliProviders.Resolve(configuration, args.Provider);
        using var client = CliProviders.Client(configuration, name, session.Context, args.Model);
        CliParse.Model(client.DefaultModel, args.Size, args.Aspect, PriceLane.Provider);
        var request = await RequestAsync(args, args.Model, google: null, cancellationToken).ConfigureAwait(false);
        var result = await client.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(session, result, transport: null, args.Out).ConfigureAwait(false);
    }

    private static async Task<ImageRequest> RequestAsync(GenerateArgs args, string? model, GoogleImageOptions? google, CancellationToken cancellationToken, RoutingPreferences? routing = null)
    {
        var inputs = new List<ImageInput>(args.Inputs.Count);
        foreach (var path in args.Inputs)
        {
            try
            {
                inputs.Add(await ImageInput.FromFileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"Option --in: '{Path.GetFullPath(path)}': {CliParse.Message(ex)}");
            }
        }

        return new ImageRequest(args.Prompt)
        {
            Model = model,
            Size = args.Size,
            AspectRatio = args.Aspect,
            InputImages = inputs,
            Google = google,
            Routing = routing,
        };
    }

    private static async Task<int> WriteAsync(CliSession session, ImageGenerationResult result, string? transport, string? requested)
    {
        var image = result.Image;
        var path = requested is null
            ? Path.GetFullPath($"nanobanana-{session.Context.TimeProvider.GetLocalNow():yyyyMMdd-HHmmss}{image.FileExtension}")
            : Path.GetFullPath(Path.HasExtension(requested) ? requested : requested + image.FileExtension);
        try
        {
            await image.SaveAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The image exists and may be billed: say what it cost before what went wrong locally.
            await session.Error.WriteLineAsync($"The image was generated ({result.Cost}) but could not be written to {path}: {ex.Message}").ConfigureAwait(false);
            return await session.ReportAsync(ex.GetType().Name, $"Could not write the image to {path}: {ex.Message}", "Give --out a path in a folder you can write to.", CliExitCodes.ServiceFailed).ConfigureAwait(false);
        }

        var dimensions = image.TryGetDimensions();
        if (session.Json)
        {
            await session.WriteJsonAsync(
                new GenerateJson
                {
                    Route = result.Route.ToString(),
                    Lane = result.Lane.ToString(),
                    Transport = transport,
                    Provider = result.Cost.Provider,
                    Model = result.Model.ModelId,
                    RequestedModel = result.RequestedModel,
                    ReturnedModel = result.ReturnedModel,
                    Size = result.Size?.ToString(),
                    AspectRatio = result.AspectRatio?.ToString(),
                    Image = new ImageJson { Path = path, MimeType = image.MimeType, Width = dimensions?.Width, Height = dimensions?.Height, Bytes = image.Data.Length },
                    Cost = Cost(result.Cost),
                    RequestId = result.RequestId,
                    ResponseId = result.ResponseId,
                    LatencyMs = result.Latency?.TotalMilliseconds,
                    Warnings = result.Warnings,
                },
                CliJsonContext.Default.GenerateJson).ConfigureAwait(false);
            return CliExitCodes.Success;
        }

        var facts = new List<(string, string?)>
        {
            ("Route", $"{result.Route} (lane {result.Lane}{(transport is null ? string.Empty : $", transport {transport}")}{(result.Cost.Provider is { } p ? $", provider {p}" : string.Empty)})"),
            ("Model", $"requested {result.RequestedModel}, returned {result.ReturnedModel ?? "(not reported)"}"),
            ("Size", $"{result.Size?.ToString() ?? "(service default)"}, aspect ratio {result.AspectRatio?.ToString() ?? "(service default)"}"),
            ("Pixels", dimensions is var (width, height) ? $"{width} x {height}" : "(unreadable header)"),
            ("MIME type", image.MimeType),
            ("Latency", result.Latency is { } latency ? $"{latency.TotalMilliseconds:F0} ms" : "(not measured: Batch)"),
            ("Request id", result.RequestId ?? result.ResponseId ?? "(none)"),
            ("Cost", result.Cost.ToString()),
            ("Price", result.Cost.PriceNote),
            ("Billing", result.Cost.BillingNote),
            ("Image", $"{path} ({image.Data.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)"),
        };
        facts.AddRange(result.Warnings.Select(w => ("Warning", (string?)w)));
        await session.WriteFactsAsync(facts).ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    internal static CostJson Cost(CostRecord cost) => new()
    {
        Usd = cost.EffectiveCostUsd,
        Estimated = cost.ReportedCostUsd is null,
        UnitPriceUsd = cost.UnitPriceUsd,
        Source = cost.PriceSource,
        CheckedOn = cost.PriceCheckedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Billable = cost.Billable,
    };

    private sealed class GenerateArgs
    {
        public required string Prompt { get; init; }
        public string? Model { get; init; }
        public ImageSize? Size { get; init; }
        public AspectRatio? Aspect { get; init; }
        public required IReadOnlyList<string> Inputs { get; init; }
        public required string Route { get; init; }
        public string? Provider { get; init; }
        public ServiceTier? Tier { get; init; }
        public string? Transport { get; init; }
        public string? Out { get; init; }
    }
}
