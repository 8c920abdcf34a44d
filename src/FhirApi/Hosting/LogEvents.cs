namespace FhirChain.FhirApi;

/// <summary>Every event id the server logs, in one place.</summary>
internal static class LogEvents
{
    public const int LogIntegrityFailure = 1001;
    public const int TamperedVersionRefused = 1002;
    public const int SchemaMigrated = 1101;
    public const int Hl7ListenerStarted = 1201;
    public const int Hl7MessageFailed = 1202;
    public const int Hl7MessageHandlerError = 1203;
    public const int Hl7UnauthenticatedListener = 1204;
    public const int AuditWriteFailed = 1301;
    public const int AuditLost = 1302;
    public const int ExportRequeued = 1401;
    public const int ExportFailed = 1402;
    public const int UnhandledError = 1901;
}
