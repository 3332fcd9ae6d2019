using System.Reflection;
using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk;

namespace NanoBanana.Cli.Hosting;

/// <summary>
/// The CLI's configuration, lowest to highest: the embedded defaults (<c>cli-defaults.json</c>); <c>--config FILE</c>
/// (JSON with a top-level <c>NanoBanana</c> section, the same shape as an app's); environment variables in .NET's form
/// (<c>NanoBanana__Google__ApiKey</c>); <c>GEMINI_API_KEY</c>/<c>GOOGLE_API_KEY</c> and <c>GOOGLE_GEMINI_BASE_URL</c>;
/// command-line options. Built from the run's own environment, never the process's.
/// </summary>
internal static class CliConfiguration
{
    public const string Section = NanoBananaOptions.SectionName;
    private const string EnvironmentPrefix = Section + "__";

    public static ConfigurationManager Build(string? configFile, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string?> options)
    {
        var configuration = new ConfigurationManager();
        configuration.AddJsonStream(EmbeddedDefaults());
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new UsageException($"Option --config: the file '{path}' does not exist. Give a JSON file with a top-level \"{Section}\" section (the same shape as an app's appsettings.json).");
            }

            try
            {
                configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or System.Text.Json.JsonException)
            {
                throw new UsageException($"Option --config: '{path}' is not valid JSON ({ex.Message.TrimEnd('.')}). Give a JSON file with a top-level \"{Section}\" section.");
            }

            if (!configuration.GetSection(Section).Exists() || !HasOwnSection(path))
            {
                throw new UsageException($"Option --config: '{path}' has no top-level \"{Section}\" section, so nothing in it would apply. Put the settings under {{ \"{Section}\": {{ ... }} }}.");
            }
        }

        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                fromEnvironment[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }

        configuration.AddInMemoryCollection(fromEnvironment);

        // The variables Google's own SDKs read: GEMINI_API_KEY wins over GOOGLE_API_KEY, as in AddNanoBanana.
        var wellKnown = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if ((NonBlank(environment, "GEMINI_API_KEY") ?? NonBlank(environment, "GOOGLE_API_KEY")) is { } key)
        {
            wellKnown[$"{Section}:Google:ApiKey"] = key;
        }

        if (NonBlank(environment, "GOOGLE_GEMINI_BASE_URL") is { } baseUrl)
        {
            wellKnown[$"{Section}:Google:BaseUrl"] = baseUrl;
        }

        configuration.AddInMemoryCollection(wellKnown);
        configuration.AddInMemoryCollection(options);
        return configuration;
    }

    /// <summary>Whether Google routes have neither a key nor a base URL (then they run on the embedded emulator).</summary>
    public static bool HasNoGoogleConnection(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[$"{Section}:Google:ApiKey"]) && string.IsNullOrWhiteSpace(configuration[$"{Section}:Google:BaseUrl"]);

    /// <summary>The configured provider names (<c>NanoBanana:Providers:&lt;name&gt;</c>).</summary>
    public static IReadOnlyList<string> ProviderNames(IConfiguration configuration) =>
        [.. configuration.GetSection($"{Section}:Providers").GetChildren().Select(c => c.Key).Order(StringComparer.OrdinalIgnoreCase)];

    private static bool HasOwnSection(string path)
    {
        var file = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        return file.GetSection(Section).Exists();
    }

    private static Stream EmbeddedDefaults() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("NanoBanana.Cli.cli-defaults.json")
        ?? throw new InvalidOperationException("The embedded cli-defaults.json is missing from the build.");

    private static string? NonBlank(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
