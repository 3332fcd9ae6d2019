using NanoBanana.Sdk;

namespace QuickStart;

/// <summary>The QuickStart's command line, validated before any request is made.</summary>
internal sealed record QuickStartOptions
{
    public const string DefaultPrompt = "A ripe banana floating in space above Earth, studio lighting, photorealistic";

    public static readonly string[] Transports = ["interactions", "generateContent"];

    public static readonly string[] Routes = ["official"];

    public string Prompt { get; init; } = DefaultPrompt;

    /// <summary>The model named with <c>--model</c>, or null to let the facade's plan choose (the default-tier model, never Pro).</summary>
    public string? Model { get; init; }

    /// <summary>The size asked for, or null to send none (the model's default; the only choice for a model that takes no size).</summary>
    public ImageSize? Size { get; init; }

    public AspectRatio AspectRatio { get; init; } = AspectRatio.Square;

    public string Transport { get; init; } = "interactions";

    public string Route { get; init; } = "official";

    public string? Out { get; init; }

    public bool Help { get; init; }

    public static string HelpText => $"""
        QuickStart: make one image with NanoBanana.Sdk, through the route-selecting NanoBananaClient
        (its plan, with the reason for each choice, is printed before the facts about the image).
        With no GEMINI_API_KEY (or GOOGLE_API_KEY) it runs against the embedded emulator on 127.0.0.1;
        with a key it calls the real service (at GOOGLE_GEMINI_BASE_URL when set).

        Usage: dotnet run --project samples/QuickStart -- [options]

          --prompt <text>       What to draw. Default: "{DefaultPrompt}"
          --model <id>          {string.Join(" | ", ModelCatalog.Default.Models.Select(m => m.Id))}. Default: none named; the plan picks {ModelCatalog.DefaultModelId} (Pro is an override, not a default).
                                A deprecated model is replaced by its successor where that serves the request (a Plan line says so)
          --size <size>         {ImageSize.AllowedValues} (uppercase K; only the sizes the model has). Default: none sent (the model's default, 1K)
          --aspect <ratio>      {AspectRatio.AllowedValues} (1:4 4:1 1:8 8:1 only on models that support them). Default: 1:1
          --transport <name>    {string.Join(" | ", Transports)}. Default: interactions
          --route <name>        {string.Join(" | ", Routes)} (batch and provider routes join as they land). Default: official
          --out <path>          Where to write the image. Default: ./nanobanana-<time>.<ext>; the extension follows the returned MIME type when the path has none
          --help                Show this help.

        Exit codes: 0 image written, 1 the request failed (classified error printed), 2 invalid options.
        """;

    /// <summary>Parses and validates the arguments; throws <see cref="UsageException"/> naming the option and its valid values.</summary>
    public static QuickStartOptions Parse(IReadOnlyList<string> args)
    {
        var options = new QuickStartOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                return options with { Help = true };
            }

            string? inlineValue = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"Option {name} needs a value.");
                }

                return args[++i];
            }

            options = name switch
            {
                "--prompt" => options with { Prompt = NotEmpty(name, Value(), "a description of the image") },
                "--model" => options with { Model = NotEmpty(name, Value(), string.Join(", ", ModelCatalog.Default.Models.Select(m => m.Id))) },
                "--size" => options with { Size = ParseWith(name, Value(), v => ImageSize.Parse(v, name)) },
                "--aspect" => options with { AspectRatio = ParseWith(name, Value(), v => AspectRatio.Parse(v, name)) },
                "--transport" => options with { Transport = OneOf(name, Value(), Transports) },
                "--route" => options with { Route = OneOf(name, Value(), Routes) },
                "--out" => options with { Out = NotEmpty(name, Value(), "a file path") },
                _ => throw new UsageException($"Unknown option '{name}'. Valid options: --prompt, --model, --size, --aspect, --transport, --route, --out, --help."),
            };
        }

        try
        {
            ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve(options.Model ?? ModelCatalog.DefaultModelId), options.Size, options.AspectRatio, PriceLane.GoogleStandard);
        }
        catch (ArgumentException ex)
        {
            var option = ex.ParamName == "size" ? "--size" : ex.ParamName == "aspectRatio" ? "--aspect" : "--model";
            throw new UsageException($"Option {option}: {FirstSentences(ex.Message)}");
        }

        return options;
    }

    private static string NotEmpty(string option, string value, string expected) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"Option {option} must not be empty; give {expected}.") : value;

    private static string OneOf(string option, string value, string[] allowed) =>
        Array.Find(allowed, a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"Option {option}: '{value}' is not valid. Allowed values: {string.Join(", ", allowed)}.");

    private static T ParseWith<T>(string option, string value, Func<string, T> parse)
    {
        try
        {
            return parse(value);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"Option {option}: {FirstSentences(ex.Message)}");
        }
    }

    // ArgumentException appends " (Parameter 'x')"; the option name already says which parameter.
    private static string FirstSentences(string message)
    {
        var cut = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>Invalid command line: printed with the help hint, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
