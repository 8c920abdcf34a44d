using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Tests.Er7;

public sealed class ParserTests
{
    private const string Adt = "MSH|^~\\&|APP|FAC|RAPP|RFAC|20250102030405+0100||ADT^A01^ADT_A01|CTRL1|P|2.5.1\rPID|1||123^^^HOSP^MR~456^^^OTHER^PI||Doe^John^Q\rZPD|custom|value";

    private static Hl7Message ParseOk(string text) =>
        Er7Parser.Parse(text).TryGetMessage(out var message, out var error) ? message : throw new InvalidOperationException(error.ToString());

    [Fact]
    public void Msh_fields_are_numbered_as_hl7_counts_them()
    {
        var msh = ParseOk(Adt).Header;

        msh.Field(1).Value.ShouldBe("|");
        msh.Field(2).Value.ShouldBe("^~\\&");
        msh.Field(3).Value.ShouldBe("APP");
        msh.Field(9).Component(2).Value.ShouldBe("A01");
        msh.Field(10).Value.ShouldBe("CTRL1");
    }

    [Fact]
    public void Header_properties_read_msh()
    {
        var message = ParseOk(Adt);

        message.MessageType.ShouldBe("ADT");
        message.TriggerEvent.ShouldBe("A01");
        message.MessageStructure.ShouldBe("ADT_A01");
        message.ControlId.ShouldBe("CTRL1");
        message.SendingApplication.ShouldBe("APP");
        message.SendingFacility.ShouldBe("FAC");
        message.Version.ShouldBe("2.5.1");
    }

    [Fact]
    public void Repetitions_components_and_subcomponents_are_addressable()
    {
        var message = ParseOk("MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\rPID|1||123^^^HOSP&1.2.3&ISO^MR~456^^^OTHER^PI");
        var pid3 = message.Segment("PID")!.Field(3);

        pid3.RepetitionCount.ShouldBe(2);
        pid3.Repetition(2).Component(1).Value.ShouldBe("456");
        pid3.Repetition(1).Component(4).SubComponent(2).ShouldBe("1.2.3");
        pid3.Repetition(1).Component(4).SubComponent(3).ShouldBe("ISO");
        pid3.Repetition(3).Component(1).Value.ShouldBe(string.Empty);
        message.Segment("PID")!.Field(40).Value.ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("\\F\\", "|")]
    [InlineData("\\S\\", "^")]
    [InlineData("\\T\\", "&")]
    [InlineData("\\R\\", "~")]
    [InlineData("\\E\\", "\\")]
    [InlineData("a\\.br\\b", "a\nb")]
    [InlineData("\\X41424344\\", "ABCD")]
    [InlineData("\\XC3A9\\", "é")]
    [InlineData("\\H\\bold\\N\\", "bold")]
    [InlineData("\\Zcustom\\", "\\Zcustom\\")]
    [InlineData("trailing\\", "trailing\\")]
    public void Escape_sequences_are_decoded(string raw, string expected)
    {
        var message = ParseOk($"MSH|^~\\&|A|B|C|D|2025||ORU^R01|1|P|2.5\rOBX|1|ST|X||{raw}");

        message.Segment("OBX")!.Field(5).Value.ShouldBe(expected);
    }

    [Fact]
    public void Truncation_character_of_v27_is_a_delimiter_and_escapes_as_P()
    {
        var message = ParseOk("MSH|^~\\&#|A|B|C|D|2025||ORU^R01|1|P|2.7\rOBX|1|ST|X||a\\P\\b#c");

        message.Delimiters.Truncation.ShouldBe('#');
        message.Segment("OBX")!.Field(5).Value.ShouldBe("a#b#c");
    }

    [Fact]
    public void Custom_delimiters_are_read_from_msh()
    {
        var message = ParseOk(SampleFiles.Read("rethinkhealth-hl7v2/fixtures/edge-custom-delimiters.hl7").Replace("#P#2.5", "#P#2.5", StringComparison.Ordinal));

        message.Delimiters.Field.ShouldBe('#');
        message.Delimiters.Component.ShouldBe('!');
        message.MessageType.ShouldBe("ADT");
        message.TriggerEvent.ShouldBe("A01");
        message.Segment("PID")!.Field(5).Component(2).Value.ShouldBe("JOHN");
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public void Segment_terminators_cr_lf_and_crlf_all_work(string terminator)
    {
        var message = ParseOk(Adt.Replace("\r", terminator, StringComparison.Ordinal) + terminator);

        message.Segments.Select(s => s.Id).ShouldBe(["MSH", "PID", "ZPD"]);
    }

    [Fact]
    public void Z_segments_are_kept()
    {
        ParseOk(Adt).Segment("ZPD")!.Field(2).Value.ShouldBe("value");
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData("PID|1", "PID", null)]
    [InlineData("MSH|", "MSH", 2)]
    [InlineData("MSHA^~\\&|x", "MSH", 1)]
    [InlineData("MSH|^^\\&|A|B|C|D|2025||ADT^A01|1|P|2.5", "MSH", 2)]
    [InlineData("MSH|^~\\&|A|B|C|D|2025|||1|P|2.5", "MSH", 9)]
    [InlineData("MSH|^~\\&|A|B|C|D|2025||ADT^A01||P|2.5", "MSH", 10)]
    [InlineData("MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|3.0", "MSH", 12)]
    [InlineData("MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\rPID|1|\u0001", "PID", 2)]
    [InlineData("MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\rpid|1", "pid", null)]
    public void Malformed_input_gives_an_error_naming_segment_and_field(string text, string? segment, int? field)
    {
        var error = Er7Parser.Parse(text).ShouldBeOfType<Er7ParseError>();

        if (segment is not null)
        {
            error.Segment.ShouldBe(segment);
        }

        error.Field.ShouldBe(field);
    }

    [Fact]
    public void Enormous_field_is_rejected_with_its_location()
    {
        var options = new Er7ParserOptions { MaxFieldLength = 1000 };
        var text = "MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\rPID|1||" + new string('x', 5000);

        var error = Er7Parser.Parse(text, options).ShouldBeOfType<Er7ParseError>();

        error.Segment.ShouldBe("PID");
        error.SegmentIndex.ShouldBe(2);
        error.Field.ShouldBe(3);
    }

    [Fact]
    public void Mllp_envelope_bytes_and_bom_around_the_text_are_ignored()
    {
        ParseOk("\uFEFF\u000B" + Adt + "\u001C\r").ControlId.ShouldBe("CTRL1");
    }
}
