using System.Text.RegularExpressions;
using NanoBanana.Sdk.Emulator;

namespace QuickStart.Tests;

/// <summary>
/// The README's C# examples are copies of regions in samples that CI builds and runs, so they cannot rot: each
/// <c>&lt;!-- snippet: FILE#NAME --&gt;</c> marker in README.md must be followed by a C# block equal to the region
/// between <c>// &lt;readme:NAME&gt;</c> and <c>// &lt;/readme:NAME&gt;</c> in FILE (indentation removed).
/// </summary>
public sealed partial class ReadmeExampleTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string, string> Snippets => new()
    {
        { "samples/QuickStart/ReadmeExample.cs", "plain" },
        { "samples/DependencyInjection/Program.cs", "di" },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_readme_shows_the_sample_region_exactly(string file, string name)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var marker = $"<!-- snippet: {file}#{name} -->";
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no '{marker}' followed by a ```csharp block.");
        var block = CodeBlock().Match(readme, at + marker.Length);
        Assert.True(block.Success && block.Index == at + marker.Length, $"'{marker}' is not directly followed by a ```csharp block.");

        Assert.Equal(Region(file, name), block.Groups[1].Value.TrimEnd('\n'));
    }

    [Fact]
    public void Every_snippet_marker_in_the_readme_is_checked()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var markers = Marker().Matches(readme).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

        Assert.Equal(Snippets.Select(row => ((string)row[0], (string)row[1])).Order(), markers.Order());
    }

    [Fact]
    public async Task The_plain_example_makes_and_saves_an_image()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync();
        var saved = Path.GetFullPath("banana.png");
        try
        {
            var result = await ReadmeExample.PlainAsync("readme-key", emulator.BaseAddress, CancellationToken.None);

            Assert.Equal("image/png", result.Image.MimeType);
            Assert.Equal((2752, 1536), result.Image.TryGetDimensions());
            Assert.Equal(result.Image.Data.ToArray(), await File.ReadAllBytesAsync(saved));
            Assert.NotNull(result.Cost.EstimatedCostUsd);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    /// <summary>The lines between the region markers, with their common indentation removed.</summary>
    private static string Region(string file, string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, file));
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <readme:{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </readme:{name}>");
        Assert.True(start >= 0 && end > start, $"{file} has no '// <readme:{name}>' … '// </readme:{name}>' region.");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NanoBanana.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NanoBanana.Sdk.sln above {AppContext.BaseDirectory}: the README check runs from a checkout.");
    }

    [GeneratedRegex(@"\G\n```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"<!-- snippet: (\S+)#(\S+) -->")]
    private static partial Regex Marker();
}
