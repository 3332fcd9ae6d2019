using System.Buffers;
using System.Text;
using System.Text.Json;

namespace NanoBanana.Sdk.Wire;

/// <summary>How the engine reads a string value a schema asked for.</summary>
internal enum StringScan
{
    /// <summary>Through <see cref="Utf8JsonReader"/>, as any other token.</summary>
    None,

    /// <summary>The whole string is base64 image data, decoded straight into the image buffer.</summary>
    Base64,

    /// <summary>
    /// Text that may hold <c>data:&lt;mime&gt;;base64,…</c> URLs (a bare data URL, or Markdown <c>![..](data:…)</c>): each
    /// data URL is decoded into the image buffer, the rest comes back as text.
    /// </summary>
    DataUrl,
}

/// <summary>
/// The streaming engine shared by every answer dialect: reads UTF-8 JSON from a <see cref="Utf8StreamFeed"/>, validates
/// it with <see cref="Utf8JsonReader"/> in partial mode, and hands image strings to <see cref="Base64ImageDecoder"/>
/// without ever making them .NET strings or JSON tokens. What the answer means is a schema's business: a subclass
/// sees containers, property names and scalars through the <c>On…</c> hooks and says which strings carry images.
/// </summary>
/// <remarks>
/// <para>How the reader and the raw string scanners take turns: when a schema asks for a property's string, the
/// reader's state (just after the name and colon) is kept and a scanner takes over at the opening quote. At the
/// closing quote the kept state is fed a stand-in empty string <c>""</c>; the reader then believes it has read the
/// value itself and goes on with the real bytes after the quote, its depth and structure checks intact.</para>
/// <para>The answer is untrusted: depth, image size and the size of any single JSON token are bounded, and every
/// failure is a <see cref="ResponseParseException"/> except cancellation, which stays an
/// <see cref="OperationCanceledException"/>.</para>
/// <para>In line mode (JSONL) the engine reads one JSON document that must end at the next <c>'\n'</c>; the bytes
/// after it stay in the feed for the next engine.</para>
/// </remarks>
internal abstract class ImageStreamEngine : IDisposable
{
    private const int MaxDataUrlHeaderBytes = 256;

    private readonly Utf8StreamFeed _feed;
    private readonly bool _lineMode;
    private readonly long _maxTextBytes;

    private Mode _mode = Mode.Json;
    private JsonReaderState _readerState;
    private int _skipDepth;
    private bool _rootSeen;
    private StringScan _scan;
    private bool _skipData;

    // DataUrl scanning: the text outside data URLs (UTF-8), the data URL header being read, a pending high surrogate.
    private byte[] _text = [];
    private int _textLength;
    private int _headerStart;
    private string? _urlMimeType;
    private int _pendingHighSurrogate = -1;
    private int _urlImages;

    protected ImageStreamEngine(Utf8StreamFeed feed, ImageParseLimits limits, bool lineMode = false)
    {
        _feed = feed;
        _lineMode = lineMode;
        Limits = limits;
        Decoder = new Base64ImageDecoder(limits.MaxImageBytes);
        _maxTextBytes = feed.MaxBufferBytes;

        // Our own depth check must fire first so it can report TooDeep rather than the reader's generic error.
        _readerState = new JsonReaderState(new JsonReaderOptions { MaxDepth = limits.MaxDepth == int.MaxValue ? int.MaxValue : limits.MaxDepth + 1 });
    }

    private enum Mode
    {
        /// <summary>Tokens, through <see cref="Utf8JsonReader"/>.</summary>
        Json,

        /// <summary>Just after a property the schema scans: a string goes to a scanner, anything else back to the reader.</summary>
        StringValue,

        /// <summary>Inside a base64 string, up to its closing quote.</summary>
        Base64,

        /// <summary>Inside a <see cref="StringScan.DataUrl"/> string, outside any data URL.</summary>
        UrlText,

        /// <summary>After <c>data:</c>, up to the comma.</summary>
        UrlHeader,

        /// <summary>Inside a data URL's base64.</summary>
        UrlBase64,

        /// <summary>After the root object: only whitespace may follow (up to the line end in line mode).</summary>
        Trailing,

        Done,
    }

    /// <summary>The bounds of this parse.</summary>
    protected ImageParseLimits Limits { get; }

    /// <summary>The buffer every image of this parse is decoded into.</summary>
    protected Base64ImageDecoder Decoder { get; }

    // The end of what this engine may read: the buffered bytes, or in line mode the line's '\n'.
    private int Limit => _lineMode && _feed.FindNewline() is int newline and >= 0 ? newline : _feed.End;

    // No more input for this engine: the stream ended, or in line mode the line's '\n' is buffered.
    private bool AtEnd => _feed.EndOfStream || (_lineMode && _feed.FindNewline() >= 0);

    /// <summary>Parses the answer (or, in line mode, one line) and returns what the schema made of it.</summary>
    public async ValueTask<ParsedImageResponse> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_mode != Mode.Done)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Advance())
                {
                    await _feed.FillAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ResponseParseException(ResponseParseFailure.Malformed, $"The answer is not valid JSON ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Utf8JsonReader validates escapes lazily: a lone escaped surrogate ("\ud800") in a property name or an
            // invalid string surfaces only when it is compared or transcoded, as one of these. The contract allows a
            // classified failure or the caller's cancellation, nothing else.
            cancellationToken.ThrowIfCancellationRequested();
            throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has a JSON string that is not valid Unicode (an escaped lone surrogate or invalid UTF-8).", ex);
        }

        return Complete();
    }

    public void Dispose()
    {
        Decoder.Dispose();
        if (_text.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_text);
            _text = [];
        }
    }

    /// <summary>A container starts (its property, if any, was the last name reported); <see langword="false"/> skips it whole.</summary>
    protected abstract bool OnEnterContainer(bool isObject);

    /// <summary>A container the schema entered ends.</summary>
    protected abstract void OnExitContainer();

    /// <summary>A property name in a container the schema entered; says how to read its value if that is a string.</summary>
    protected abstract StringScan OnPropertyName(ref Utf8JsonReader reader);

    /// <summary>A scalar value (string, number, literal) in a container the schema entered.</summary>
    protected abstract void OnScalar(ref Utf8JsonReader reader);

    /// <summary>At the opening quote of a <see cref="StringScan.Base64"/> string: decode it (<see langword="true"/>) or skip it.</summary>
    protected abstract bool OnBase64Begin();

    /// <summary>The closing quote of a <see cref="StringScan.Base64"/> string; <paramref name="data"/> is empty when it was skipped.</summary>
    protected abstract void OnBase64End((int Offset, int Length) data);

    /// <summary>A data URL was decoded from a <see cref="StringScan.DataUrl"/> string.</summary>
    protected virtual void OnDataUrlImage(string mimeType, (int Offset, int Length) data)
    {
    }

    /// <summary>A <see cref="StringScan.DataUrl"/> string ended: its text without the data URLs, and how many it held.</summary>
    protected virtual void OnDataUrlEnd(string text, int images)
    {
    }

    /// <summary>Builds the result once the JSON is complete (detaching the decode buffer).</summary>
    protected abstract ParsedImageResponse Complete();

    /// <summary>How many body bytes may be left after the current position (from Content-Length), or <see langword="null"/>.</summary>
    protected long? RemainingBodyBytes =>
        Limits.ContentLength is long length && !_lineMode ? Math.Max(0, length - _feed.Position) : null;

    /// <summary>Consumes buffered input; <see langword="false"/> when more input is needed to go on.</summary>
    private bool Advance() => _mode switch
    {
        Mode.Json => AdvanceJson(),
        Mode.StringValue => AdvanceStringValue(),
        Mode.Base64 => AdvanceBase64(),
        Mode.UrlText => AdvanceUrlText(),
        Mode.UrlHeader => AdvanceUrlHeader(),
        Mode.UrlBase64 => AdvanceUrlBase64(),
        _ => AdvanceTrailing(),
    };

    private ReadOnlySpan<byte> Available => _feed.Buffer.AsSpan(_feed.Start, Limit - _feed.Start);

    private bool AdvanceJson()
    {
        var reader = new Utf8JsonReader(Available, isFinalBlock: false, _readerState);
        bool switched = ReadTokens(ref reader);
        _feed.Start += (int)reader.BytesConsumed;
        _readerState = reader.CurrentState;
        if (!switched && AtEnd && !_rootSeen && Available.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            // A bare scalar such as 5 or null: the reader waits for more input that will never come.
            throw NotAnObject();
        }

        return switched || NeedMore();
    }

    private bool ReadTokens(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    // This container is CurrentDepth + 1 levels deep.
                    if (reader.CurrentDepth >= Limits.MaxDepth)
                    {
                        throw new ResponseParseException(ResponseParseFailure.TooDeep, $"The answer nests JSON deeper than {Limits.MaxDepth} levels.");
                    }

                    bool isObject = reader.TokenType == JsonTokenType.StartObject;
                    if (_skipDepth > 0)
                    {
                        _skipDepth++;
                    }
                    else if (!_rootSeen && !isObject)
                    {
                        throw NotAnObject();
                    }
                    else
                    {
                        _rootSeen = true;
                        if (!OnEnterContainer(isObject))
                        {
                            _skipDepth = 1;
                        }
                    }

                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (_skipDepth > 0)
                    {
                        _skipDepth--;
                    }
                    else
                    {
                        OnExitContainer();
                    }

                    if (reader.CurrentDepth == 0)
                    {
                        _mode = Mode.Trailing;
                        return true;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    if (_skipDepth == 0)
                    {
                        _scan = OnPropertyName(ref reader);
                        if (_scan != StringScan.None)
                        {
                            _mode = Mode.StringValue;
                            return true;
                        }
                    }

                    break;
                default:
                    if (!_rootSeen)
                    {
                        throw NotAnObject();
                    }

                    if (_skipDepth == 0)
                    {
                        OnScalar(ref reader);
                    }

                    break;
            }
        }

        return false;
    }

    private bool AdvanceStringValue()
    {
        ReadOnlySpan<byte> span = Available;
        int index = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (index < 0)
        {
            _feed.Start += span.Length;
            return NeedMore();
        }

        _feed.Start += index;
        if (span[index] != (byte)'"')
        {
            // Not a string (null, a number, an object...): the reader resumes from its kept state and reads it.
            _mode = Mode.Json;
            return true;
        }

        _feed.Start++;
        if (_scan == StringScan.Base64)
        {
            _skipData = !OnBase64Begin();
            if (!_skipData)
            {
                Decoder.BeginImage(RemainingBodyBytes);
            }

            _mode = Mode.Base64;
        }
        else
        {
            _textLength = 0;
            _urlImages = 0;
            _pendingHighSurrogate = -1;
            _mode = Mode.UrlText;
        }

        return true;
    }

    private bool AdvanceBase64()
    {
        ReadOnlySpan<byte> span = Available;
        if (!_skipData)
        {
            // One pass: the run is decoded (and validated) as it is read; only what stops it is looked at below.
            int run = Decoder.DecodeRun(span);
            _feed.Start += run;
            span = span[run..];
        }

        int special = span.IndexOfAny((byte)'"', (byte)'\\');
        ReadOnlySpan<byte> plain = special < 0 ? span : span[..special];
        if (!_skipData)
        {
            Decoder.Decode(plain);
        }

        _feed.Start += plain.Length;
        if (special < 0)
        {
            return NeedMore();
        }

        if (span[special] == (byte)'"')
        {
            _feed.Start++;
            OnBase64End(_skipData ? (0, 0) : Decoder.EndImage());
            EndString();
            return true;
        }

        int escapeLength = ReadEscape(span[special..], out int character);
        if (escapeLength == 0)
        {
            return NeedMore();
        }

        _feed.Start += escapeLength;
        if (!_skipData)
        {
            Decoder.DecodeChar(character);
        }

        return true;
    }

    private bool AdvanceUrlText()
    {
        ReadOnlySpan<byte> span = Available;
        int i = 0;
        while (i < span.Length)
        {
            byte b = span[i];
            if (b == (byte)'"')
            {
                _feed.Start += i + 1;
                FlushSurrogate();
                OnDataUrlEnd(Encoding.UTF8.GetString(_text, 0, _textLength), _urlImages);
                EndString();
                return true;
            }

            if (b == (byte)'\\')
            {
                int length = ReadEscape(span[i..], out int character);
                if (length == 0)
                {
                    break;
                }

                i += length;
                AppendChar(character);
            }
            else
            {
                FlushSurrogate();
                AppendByte(b);
                i++;
            }

            if (EndsWithDataScheme())
            {
                _headerStart = _textLength;
                _feed.Start += i;
                _mode = Mode.UrlHeader;
                return true;
            }
        }

        _feed.Start += i;
        return NeedMore();
    }

    private bool AdvanceUrlHeader()
    {
        // The header (e.g. "image/png;base64") is collected after the text so a header that is no data URL goes back as text.
        ReadOnlySpan<byte> span = Available;
        int i = 0;
        while (i < span.Length)
        {
            byte b = span[i];
            if (b is (byte)'"' or (byte)'\\' || _textLength - _headerStart > MaxDataUrlHeaderBytes)
            {
                // Not a data URL after all ("data:" in prose): what was read is text.
                _feed.Start += i;
                _mode = Mode.UrlText;
                return true;
            }

            i++;
            if (b == (byte)',')
            {
                _feed.Start += i;
                ReadOnlySpan<byte> header = _text.AsSpan(_headerStart, _textLength - _headerStart);
                if (header.Length >= 7 && Ascii.EqualsIgnoreCase(header[^7..], ";base64"u8))
                {
                    int semicolon = header.IndexOf((byte)';');
                    _urlMimeType = Encoding.ASCII.GetString(header[..semicolon]).Trim();

                    // The data URL is not text: drop "data:" and its header.
                    _textLength = _headerStart - 5;
                    Decoder.BeginImage(null);
                    _mode = Mode.UrlBase64;
                    return true;
                }

                AppendByte(b);
                _mode = Mode.UrlText;
                return true;
            }

            AppendByte(b);
        }

        _feed.Start += i;
        return NeedMore();
    }

    private bool AdvanceUrlBase64()
    {
        ReadOnlySpan<byte> span = Available;
        int decoded = Decoder.DecodeRun(span);
        _feed.Start += decoded;
        span = span[decoded..];
        int stop = span.IndexOfAnyExcept(Base64ImageDecoder.DataUrlCharacters);
        ReadOnlySpan<byte> run = stop < 0 ? span : span[..stop];
        Decoder.Decode(run);
        _feed.Start += run.Length;
        if (stop < 0)
        {
            return NeedMore();
        }

        if (span[stop] == (byte)'\\')
        {
            int length = ReadEscape(span[stop..], out int character);
            if (length == 0)
            {
                return NeedMore();
            }

            if (Base64ImageDecoder.IsDataUrlCharacter(character))
            {
                // \/ and \u002B are how JSON writers often spell base64 characters.
                _feed.Start += length;
                Decoder.DecodeChar(character);
                return true;
            }
        }

        // Anything else (the closing quote, ')' of Markdown, a space) ends the data URL; UrlText reads it.
        EndDataUrl();
        return true;
    }

    private void EndDataUrl()
    {
        (int Offset, int Length) data = Decoder.EndImage();
        if (data.Length > 0)
        {
            _urlImages++;
            string mime = string.IsNullOrWhiteSpace(_urlMimeType)
                ? ImageMimeTypes.Sniff(Decoder.GetImage(data.Offset, data.Length))
                : _urlMimeType;
            OnDataUrlImage(mime, data);
        }

        _mode = Mode.UrlText;
    }

    private void EndString()
    {
        // The stand-in value: see the remarks on the class.
        var reader = new Utf8JsonReader("\"\""u8, isFinalBlock: false, _readerState);
        reader.Read();
        _readerState = reader.CurrentState;
        _mode = Mode.Json;
    }

    private bool AdvanceTrailing()
    {
        ReadOnlySpan<byte> span = Available;
        if (span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            throw new ResponseParseException(ResponseParseFailure.Malformed, _lineMode ? "The line has data after its JSON object." : "The answer has data after its JSON object.");
        }

        _feed.Start += span.Length;
        if (AtEnd)
        {
            _mode = Mode.Done;
            return true;
        }

        return false;
    }

    /// <summary>Says more input is needed, or fails when the body (or the line) has already ended.</summary>
    private bool NeedMore()
    {
        if (_feed.EndOfStream)
        {
            throw new ResponseParseException(
                ResponseParseFailure.Truncated,
                _feed.BytesRead == 0 ? "The answer is empty." : $"The answer ended after {_feed.BytesRead} bytes, before its JSON was complete.");
        }

        if (_lineMode && _feed.FindNewline() >= 0)
        {
            throw new ResponseParseException(ResponseParseFailure.Malformed, "The line ended before its JSON was complete.");
        }

        return false;
    }

    private bool EndsWithDataScheme() =>
        _textLength >= 5 && Ascii.EqualsIgnoreCase(_text.AsSpan(_textLength - 5, 5), "data:"u8);

    private void AppendChar(int character)
    {
        if (character < 0)
        {
            return;
        }

        if (character is >= 0xD800 and <= 0xDBFF)
        {
            FlushSurrogate();
            _pendingHighSurrogate = character;
            return;
        }

        Rune rune;
        if (character is >= 0xDC00 and <= 0xDFFF)
        {
            rune = _pendingHighSurrogate >= 0 ? new Rune((char)_pendingHighSurrogate, (char)character) : Rune.ReplacementChar;
            _pendingHighSurrogate = -1;
        }
        else
        {
            FlushSurrogate();
            rune = new Rune(character);
        }

        Span<byte> utf8 = stackalloc byte[4];
        int written = rune.EncodeToUtf8(utf8);
        foreach (byte b in utf8[..written])
        {
            AppendByte(b);
        }
    }

    private void FlushSurrogate()
    {
        if (_pendingHighSurrogate >= 0)
        {
            _pendingHighSurrogate = -1;
            AppendChar(Rune.ReplacementChar.Value);
        }
    }

    private void AppendByte(byte b)
    {
        if (_textLength == _text.Length)
        {
            if (_textLength >= _maxTextBytes)
            {
                throw new ResponseParseException(ResponseParseFailure.Malformed, $"The answer holds a single JSON value larger than {_maxTextBytes} bytes.");
            }

            byte[] next = ArrayPool<byte>.Shared.Rent(Math.Max(256, _text.Length * 2));
            _text.AsSpan(0, _textLength).CopyTo(next);
            if (_text.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_text);
            }

            _text = next;
        }

        _text[_textLength++] = b;
    }

    /// <summary>
    /// Reads a JSON escape at the start of <paramref name="span"/>; returns its length, or 0 when it is not all
    /// buffered yet. <paramref name="character"/> is the UTF-16 code unit, or -1 for an escape that is no character.
    /// </summary>
    private static int ReadEscape(ReadOnlySpan<byte> span, out int character)
    {
        character = -1;
        if (span.Length < 2)
        {
            return 0;
        }

        if (span[1] != (byte)'u')
        {
            character = span[1] switch
            {
                (byte)'/' => '/',
                (byte)'\\' => '\\',
                (byte)'"' => '"',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                _ => throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has an invalid escape in a string."),
            };
            return 2;
        }

        if (span.Length < 6)
        {
            return 0;
        }

        character = 0;
        foreach (byte digit in span.Slice(2, 4))
        {
            int value = HexValue(digit);
            if (value < 0)
            {
                throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has an invalid \\u escape in a string.");
            }

            character = (character << 4) | value;
        }

        return 6;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };

    protected static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    protected static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias) =>
        reader.ValueTextEquals(name) || reader.ValueTextEquals(alias);

    protected static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias, ReadOnlySpan<byte> other) =>
        reader.ValueTextEquals(name) || reader.ValueTextEquals(alias) || reader.ValueTextEquals(other);

    protected static string? AsString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            // The reader does not validate UTF-8 inside strings until they are transcoded.
            throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has a string that is not valid UTF-8.", ex);
        }
    }

    protected static int? AsInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : null;

    private static ResponseParseException NotAnObject() =>
        new(ResponseParseFailure.Malformed, "The answer is JSON but not an object.");
}
