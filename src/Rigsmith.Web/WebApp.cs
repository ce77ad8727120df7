using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Rigsmith.Doctor;
using Rigsmith.Planning;
using Rigsmith.Web.Api;
using Rigsmith.Web.Pages;
using Rigsmith.Web.Security;
using Rigsmith.Web.Storage;

namespace Rigsmith.Web;

/// <summary>
/// The server: its options (<c>--listen ADDR</c>, <c>--db CONNECTION</c>, <c>--data DIR</c>, <c>--catalog</c>,
/// <c>--models</c>), services, limits and routes. The core library does the work; the routes only translate HTTP.
/// </summary>
public static class WebApp
{
    /// <summary>Where the server listens unless told otherwise: this machine only (the port is `rigsmith serve`'s).</summary>
    public const string DefaultListen = "127.0.0.1:5317";

    public const string SavesPolicy = "saves";
    public const string ComputePolicy = "compute";

    public static WebApplication Create(string[] args)
    {
        // The content root is the server's own folder (its wwwroot, catalog and examples), wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        var config = builder.Configuration;
        // Start-up and failures, not a line per request (a busy server would spend its time logging).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // A start that fails (an address in use) is one message from Program, not this logger's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.WebHost.UseUrls(ListenUrl(config["listen"] ?? DefaultListen));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestText.MaxBytes;
            kestrel.AddServerHeader = false;
        });

        var data = new DataSources(config["catalog"], config["models"]);
        var dataDirectory = config["data"] ?? DefaultDataDirectory();
        var database = Database.From(config["db"], dataDirectory);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BuildStore>();
        builder.Services.AddProblemDetails();
        // The pages' forms carry a token that another site's page cannot know (OWASP ASVS V4.2.2); the cookie holding its
        // pair is HttpOnly and SameSite=Strict.
        // The keys that sign those tokens, kept in the data folder so that a restart does not void the forms open in
        // browsers; instances behind one load balancer share the folder (docs/web.md).
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys"))).SetApplicationName("rigsmith-web");
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rigsmith-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.HeaderName = null;
        });
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Saves per client address: a person saves a few times a minute; a script filling the database is stopped. The
            // bucket holds a minute's saves and refills continuously (one a second at 60 a minute).
            var saves = config.GetValue("limits:saves_per_minute", 60);
            limits.AddPolicy(SavesPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = saves,
                    TokensPerPeriod = saves,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Checks and fits are CPU work: at most a few run at once per core, the rest wait briefly or are refused.
            limits.AddPolicy(ComputePolicy, _ => RateLimitPartition.GetConcurrencyLimiter("compute", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = 4 * Environment.ProcessorCount,
                QueueLimit = 256,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        });

        var app = builder.Build();
        database.Migrate();
        // Loaded now, not by the first request; a catalog that does not load is the operator's to fix.
        if (!data.Catalog.Ok)
            app.Logger.LogError("The catalog did not load: {Problems}", string.Join("; ", data.Catalog.Problems));

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        // The stylesheet, htmx and the rig schema, under /static, cached for an hour (they change with a release).
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/static",
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapRigApi();
        app.MapBuildsApi();
        app.MapBuildPage();
        app.MapHomePage();
        app.MapEditorPage();
        app.MapBuildEdits();
        app.MapImportPage();
        app.MapExports();
        app.MapDoctorPage();
        return app;
    }

    /// <summary>
    /// <c>--listen</c> as Kestrel's URL: <c>HOST:PORT</c>, <c>:PORT</c> (every interface) or <c>[::1]:PORT</c>, as
    /// <c>rigsmith serve</c> and the exporter take it; a URL (<c>http://...</c>) passes through.
    /// </summary>
    public static string ListenUrl(string listen)
    {
        if (listen.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || listen.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return listen;
        var (address, problem) = ListenAddress.Parse(listen);
        if (address is null)
            throw new ArgumentException($"--listen: {problem}");
        return $"http://{(address.Host.Length == 0 ? "*" : address.Host)}:{address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary><c>$XDG_DATA_HOME/rigsmith</c>, else <c>~/.local/share/rigsmith</c> (on Windows the local application data folder).</summary>
    public static string DefaultDataDirectory()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rigsmith");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "rigsmith");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "rigsmith");
    }
}
