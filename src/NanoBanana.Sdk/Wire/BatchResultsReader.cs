using System.Runtime.CompilerServices;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// Reads a Batch results file (JSONL: one <c>{"key", "response": generateContent}</c> or <c>{"key", "error":
/// google.rpc.Status}</c> per line, in input order) from a stream, one line at a time. Each line is parsed by its own
/// engine with its own image buffer, sized by that line alone (never by the file's length), and handed out before the
/// next line is read, so only one line's images are held at a time.
/// </summary>
internal static class BatchResultsReader
{
    /// <summary>Reads the lines of a results file.</summary>
    /// <param name="utf8Jsonl">The file's bytes (from <paramref name="startOffset"/> on when resuming a download).</param>
    /// <param name="limits">Bounds per line (<see cref="ImageParseLimits.ContentLength"/> is ignored: lines are sized alone).</param>
    /// <param name="startOffset">The file offset the stream starts at (a previous <see cref="ParsedBatchLine.EndOffset"/> when resuming).</param>
    /// <param name="cancellationToken">Cancels the read; an <see cref="OperationCanceledException"/> then ends the enumeration.</param>
    /// <returns>
    /// One entry per non-blank line. A line that is not valid (bad JSON, an image over the limit) comes with
    /// <see cref="ParsedBatchLine.Failure"/> set and reading goes on at the next line; a line cut by the end of the
    /// stream (or a broken connection) comes last with <see cref="ParsedBatchLine.IsTruncated"/> set: resume the download
    /// from its <see cref="ParsedBatchLine.StartOffset"/>.
    /// </returns>
    public static async IAsyncEnumerable<ParsedBatchLine> ReadLinesAsync(
        Stream utf8Jsonl, ImageParseLimits limits, long startOffset = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        limits = limits with { ContentLength = null };
        using var feed = ImageResponseParser.CreateFeed(utf8Jsonl, limits);
        long lineNumber = 0;
        while (true)
        {
            // Blank lines (and the '\n' that ended the previous line) are skipped before a line starts.
            if (!await SkipBlankAsync(feed, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            lineNumber++;
            long start = startOffset + feed.Position;
            ParsedBatchLine line;
            using (var engine = new GeminiSchema(feed, limits, GeminiDialect.BatchLine, lineMode: true))
            {
                try
                {
                    ParsedImageResponse response = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
                    response.RedactServiceStrings(limits.Secret);
                    line = new ParsedBatchLine
                    {
                        LineNumber = lineNumber,
                        StartOffset = start,
                        EndOffset = startOffset + ConsumeNewline(feed),
                        Key = engine.LineKey,
                        Response = engine.LineHasResponse ? response : null,
                        HasError = engine.LineHasError,
                        ErrorCode = engine.LineErrorCode,
                        ErrorStatus = Errors.SecretRedactor.Redact(engine.LineErrorStatus, limits.Secret),
                        ErrorMessage = Errors.SecretRedactor.Redact(engine.LineErrorMessage, limits.Secret),
                    };
                }
                catch (ResponseParseException ex) when (ex.Failure == ResponseParseFailure.Truncated)
                {
                    line = new ParsedBatchLine { LineNumber = lineNumber, StartOffset = start, EndOffset = start, IsTruncated = true, Failure = ex };
                }
                catch (ResponseParseException ex)
                {
                    line = new ParsedBatchLine { LineNumber = lineNumber, StartOffset = start, Failure = ex };
                }
            }

            if (line.IsTruncated)
            {
                yield return line;
                yield break;
            }

            if (line.Failure is not null)
            {
                // Resynchronise on the next line; a failure that hit the end of the stream first is a cut line after all.
                if (!await SkipToNewlineAsync(feed, cancellationToken).ConfigureAwait(false))
                {
                    line = line with { IsTruncated = true, EndOffset = start };
                    yield return line;
                    yield break;
                }

                line = line with { EndOffset = startOffset + ConsumeNewline(feed) };
            }

            yield return line;
        }
    }

    private static long ConsumeNewline(Utf8StreamFeed feed)
    {
        int newline = feed.FindNewline();
        if (newline >= 0)
        {
            feed.Start = newline + 1;
        }

        return feed.Position;
    }

    private static async ValueTask<bool> SkipBlankAsync(Utf8StreamFeed feed, CancellationToken cancellationToken)
    {
        while (true)
        {
            int index = feed.Pending.IndexOfAnyExcept(" \t\r\n"u8);
            if (index >= 0)
            {
                feed.Start += index;
                return true;
            }

            feed.Start = feed.End;
            if (feed.EndOfStream)
            {
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await feed.FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<bool> SkipToNewlineAsync(Utf8StreamFeed feed, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (feed.FindNewline() >= 0)
            {
                return true;
            }

            feed.Start = feed.End;
            if (feed.EndOfStream)
            {
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await feed.FillAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ResponseParseException)
            {
                return false;
            }
        }
    }
}

/// <summary>One line of a Batch results file, as <see cref="BatchResultsReader"/> read it.</summary>
internal sealed record ParsedBatchLine
{
    /// <summary>1-based line number among the non-blank lines read (from the resume point).</summary>
    public long LineNumber { get; init; }

    /// <summary>File offset of the line's first byte.</summary>
    public long StartOffset { get; init; }

    /// <summary>
    /// File offset just past the line's <c>'\n'</c> (or its end at the end of the file): every line before it is
    /// complete, so a download can resume here. Equals <see cref="StartOffset"/> on a truncated line.
    /// </summary>
    public long EndOffset { get; init; }

    /// <summary>The request's <c>key</c>.</summary>
    public string? Key { get; init; }

    /// <summary>The parsed <c>response</c> (its images, text, finish reason, usage), or <see langword="null"/> when the line had none.</summary>
    public ParsedImageResponse? Response { get; init; }

    /// <summary>The line carried an <c>error</c> (google.rpc.Status) instead of a response.</summary>
    public bool HasError { get; init; }

    /// <summary><c>error.code</c>.</summary>
    public int? ErrorCode { get; init; }

    /// <summary><c>error.status</c> (redacted).</summary>
    public string? ErrorStatus { get; init; }

    /// <summary><c>error.message</c> (redacted).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The file ended (or the connection broke) inside this line: it is incomplete and was not parsed; resume from <see cref="StartOffset"/>.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>Why the line could not be read, when it could not (bad JSON, an image over the limit, cut).</summary>
    public ResponseParseException? Failure { get; init; }
}
