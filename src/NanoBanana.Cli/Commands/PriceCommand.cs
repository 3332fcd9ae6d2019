using System.CommandLine;
using System.Globalization;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Cli.Commands;

/// <summary><c>nanobanana price</c>: a price row from the <see cref="PricingCatalog"/> (seed prices plus configuration), with its source, date and status.</summary>
internal static class PriceCommand
{
    public static readonly string[] Lanes = ["standard", "batch", "flex", "priority", "provider"];

    public static Command Create(CliGlobals globals)
    {
        var model = new Option<string>("--model") { Required = true, HelpName = "ID", Description = $"The model: {string.Join(", ", ModelCatalog.Default.Models.Select(m => m.Id))} (or an alias)." };
        var size = new Option<string?>("--size") { HelpName = "S", Description = $"The size ({ImageSize.AllowedValues}). Default: the model's default size." };
        var lane = new Option<string?>("--lane") { HelpName = "standard|batch|flex|priority|provider", Description = "The price lane. Default: standard. Provider prices are the provider's, never Google's." };
        var provider = new Option<string?>("--provider") { HelpName = "NAME", Description = "The provider, for --lane provider." };
        var count = new Option<int?>("--count") { HelpName = "N", Description = "How many images. Default: 1." };
        var command = new Command("price", "Price images from the dated price tables (no request is made).") { model, size, lane, provider, count };
        globals.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var laneName = CliParse.OneOf(parse.GetValue(lane), "--lane", Lanes) ?? "standard";
            var priceLane = laneName switch
            {
                "batch" => PriceLane.GoogleBatch,
                "flex" => PriceLane.GoogleFlex,
                "priority" => PriceLane.GooglePriority,
                "provider" => PriceLane.Provider,
                _ => PriceLane.GoogleStandard,
            };
            var providerName = parse.GetValue(provider);
            if (priceLane == PriceLane.Provider && string.IsNullOrWhiteSpace(providerName))
            {
                throw new UsageException("Option --provider is required with --lane provider: name the provider whose price table to read.");
            }

            if (priceLane != PriceLane.Provider && providerName is not null)
            {
                throw new UsageException($"Option --provider applies to --lane provider only: a provider price is never a Google price. Add --lane provider, or drop --provider.");
            }

            var images = parse.GetValue(count) ?? 1;
            if (images < 1)
            {
                throw new UsageException($"Option --count: '{images}' is not valid. Allowed values: a whole number of images, 1 or more.");
            }

            var modelText = CliParse.NotBlank(parse.GetValue(model), "--model", "a model id such as " + ModelCatalog.DefaultModelId);
            var resolution = ModelCatalog.Default.Resolve(modelText);
            var imageSize = CliParse.Size(parse.GetValue(size)) ?? resolution.Model?.DefaultSize ?? ImageSize.OneK;
            if (priceLane != PriceLane.Provider)
            {
                CliParse.Model(modelText, imageSize, aspect: null, priceLane);
            }

            var configuration = globals.Configuration(parse);
            var catalog = CliProviders.Pricing(configuration);
            if (priceLane == PriceLane.Provider && CliConfiguration.ProviderNames(configuration).FirstOrDefault(n => string.Equals(n, providerName, StringComparison.OrdinalIgnoreCase)) is { } configured)
            {
                // The provider's own price rows live on its profile; its client merges them into the catalog.
                using var client = CliProviders.Client(configuration, configured, session.Context);
                catalog = client.Pricing;
                providerName = configured;
            }

            var lookup = catalog.Lookup(new PriceQuery { ModelId = resolution.ModelId, Lane = priceLane, Size = imageSize, Operation = ImageOperation.Generate, Provider = providerName }, session.Context.TimeProvider.GetUtcNow());
            var unit = lookup.UnitPriceUsd;
            var result = new PriceJson
            {
                Model = resolution.ModelId,
                Size = imageSize.ToString(),
                Lane = priceLane.ToString(),
                Provider = providerName,
                UnitPriceUsd = unit,
                Count = images,
                TotalUsd = unit * images,
                Source = lookup.Row?.Source,
                CheckedOn = lookup.Row?.CheckedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Status = lookup.Status.ToString(),
            };
            if (session.Json)
            {
                await session.WriteJsonAsync(result, CliJsonContext.Default.PriceJson).ConfigureAwait(false);
            }
            else
            {
                await session.WriteFactsAsync(
                [
                    ("Model", resolution.IsAlias ? $"{resolution.ModelId} (from alias {resolution.Requested})" : resolution.ModelId),
                    ("Size", result.Size),
                    ("Lane", result.Lane + (providerName is null ? string.Empty : $" ({providerName}; a provider price, not Google's)")),
                    ("Unit price", unit is { } u ? Usd(u) + " per image" : "unknown (no price row)"),
                    ("Count", images.ToString(CultureInfo.InvariantCulture)),
                    ("Total", result.TotalUsd is { } total ? Usd(total) : "unknown (no price row; never a silent zero)"),
                    ("Source", result.Source),
                    ("Checked on", result.CheckedOn),
                    ("Status", result.Status),
                    ("Detail", lookup.Message),
                    ("Note", "Image output only: input tokens, text and thinking output, grounding queries, retries and failed calls add to a real bill."),
                ]).ConfigureAwait(false);
            }

            return CliExitCodes.Success;
        });
        return command;
    }

    internal static string Usd(decimal amount) => "$" + amount.ToString("0.######", CultureInfo.InvariantCulture);
}
