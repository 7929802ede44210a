using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// ONE Docker daemon and ONE image registry for the whole test run, started on first use and ended (by PID) after the
/// last test (<see cref="TestDockerShutdown"/>, or when the test process exits): every container and image test talks
/// to these, never to the machine's own Docker service.
/// </summary>
/// <remarks>
/// <para>dockerd (Debian's docker.io) runs with no bridge and no iptables or forwarding changes; containers use
/// <c>--network host</c>. Its data root is a persistent cache folder (<see cref="CacheFolder"/>), so images survive
/// between runs; its exec root, pid file and socket are in this run's temp folder. The socket is made 0666 so the
/// loopback fleet's users can reach it through <c>docker-host</c>: acceptable for a throwaway daemon that only the
/// tests start, bound to a socket in a temp folder and holding only the tests' images. When another test run already
/// uses the cached data root, this run's daemon gets a data root of its own in its temp folder (slower: the base
/// image is imported again).</para>
/// <para>The registry is Debian's docker-registry on 127.0.0.1 and a free port, filesystem storage in the temp folder,
/// htpasswd (bcrypt, made with <c>htpasswd -B</c> from apache2-utils) with <see cref="User"/> and
/// <see cref="Password"/>, so every push and pull exercises credentials.</para>
/// <para>The base image for .NET apps (<see cref="BaseImage"/>) is Debian bookworm (<c>debootstrap --variant=minbase
/// --include=libicu72</c>) with this machine's .NET runtimes copied in; its root file system is made once and kept as
/// a tar in the cache folder, keyed by the runtime version. Each run imports it when the daemon lacks it and pushes it
/// to the run's registry.</para>
/// </remarks>
internal static class TestDocker
{
    public const string User = "deployer";

    /// <summary>Where the cached data root and base-image tar live: DEPLOY_TESTS_DOCKER_CACHE, else /var/tmp/deploy-recipes-tests/docker.</summary>
    public static readonly string CacheFolder =
        Environment.GetEnvironmentVariable("DEPLOY_TESTS_DOCKER_CACHE") is { Length: > 0 } cache ? cache : "/var/tmp/deploy-recipes-tests/docker";

    private static readonly Lazy<Daemons> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The registry user's password (tests check it never shows in output).</summary>
    public static string Password { get; } = "Rp" + Guid.NewGuid().ToString("N")[..18];

    /// <summary>The daemon's address for the CLI's <c>--host</c> and the recipe's <c>docker-host</c>: <c>unix:///...sock</c>.</summary>
    public static string DockerHost => Started.Value.DockerHost;

    /// <summary>The registry: <c>127.0.0.1:PORT</c>.</summary>
    public static string Registry => Started.Value.Registry;

    /// <summary>The .NET base image in the registry: <c>127.0.0.1:PORT/dotnet-base:&lt;runtime version&gt;</c>.</summary>
    public static string BaseImage => Started.Value.BaseImage;

    /// <summary>The run's temp folder (socket, exec root, registry storage, the tests' own client configuration).</summary>
    public static string RunFolder => Started.Value.RunFolder;

    /// <summary>Starts both (and makes or imports the base image) unless this run already did.</summary>
    public static void Ensure() => _ = Started.Value;

    /// <summary>
    /// The recipe's settings for this daemon and registry as DEPLOY_* environment variables (the password among them,
    /// so it reaches ./build.sh through its environment, not its command line). The variable the .NET SDK needs for a
    /// plain-HTTP loopback registry is not among them: the recipe sets it itself (<see cref="SdkEnvironment"/> is for
    /// tests that run the SDK directly).
    /// </summary>
    public static IReadOnlyDictionary<string, string> RecipeEnvironment() => new Dictionary<string, string>
    {
        ["DEPLOY_REGISTRY"] = Registry,
        ["DEPLOY_REGISTRY_USER"] = User,
        ["DEPLOY_REGISTRY_PASSWORD"] = Password,
        ["DEPLOY_BASE_IMAGE"] = BaseImage,
        ["DEPLOY_DOCKER_HOST"] = DockerHost,
    };

    /// <summary>What <c>dotnet publish -t:PublishContainer</c> run directly needs: plain HTTP to the registry and its credentials.</summary>
    public static IReadOnlyDictionary<string, string> SdkEnvironment() => new Dictionary<string, string>
    {
        ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Registry,
        ["DOTNET_CONTAINER_REGISTRY_UNAME"] = User,
        ["DOTNET_CONTAINER_REGISTRY_PWORD"] = Password,
    };

    /// <summary>Sets the recipe's registry, credentials, base image and docker host on <paramref name="settings"/>.</summary>
    public static DeploySettings Apply(DeploySettings settings)
    {
        settings.Registry = Registry;
        settings.RegistryUser = User;
        settings.RegistryPassword = Password;
        settings.BaseImage = BaseImage;
        settings.DockerHost = DockerHost;
        return settings;
    }

    /// <summary>Runs the docker CLI against the test daemon (with the tests' own client configuration); throws when it fails.</summary>
    public static string Docker(params string[] argv)
    {
        var run = DockerRun(null, argv);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', argv)} failed ({run.ExitCode}): {run.All}");
        return run.Out.Trim();
    }

    /// <summary>Runs the docker CLI against the test daemon and returns how it ended; <paramref name="standardInput"/> is written to it.</summary>
    public static ProcessRun DockerRun(string? standardInput, params string[] argv)
    {
        var daemons = Started.Value;
        return Run("docker", ["--host", daemons.DockerHost, "--config", daemons.ClientConfig, .. argv], standardInput, TimeSpan.FromMinutes(5));
    }

    /// <summary>Ends the registry and the daemon this run started (by PID), then removes the run's temp folder.</summary>
    public static void Stop()
    {
        if (Started.IsValueCreated)
            Started.Value.Dispose();
    }

    private static Daemons Start()
    {
        var daemons = new Daemons();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => daemons.Dispose();
        try
        {
            daemons.StartDockerd();
            daemons.StartRegistry();
            daemons.PushBaseImage();
            return daemons;
        }
        catch
        {
            daemons.Dispose();
            throw;
        }
    }

    /// <summary>The running pair and the folders they use.</summary>
    private sealed class Daemons : IDisposable
    {
        private readonly FileStream? cacheLock;
        private Process? dockerd;
        private Process? registry;
        private bool disposed;

        public Daemons()
        {
            // Under /tmp with a short name: unix socket paths (the daemon's, containerd's inside the exec root) must stay under 108 bytes.
            RunFolder = Directory.CreateDirectory(Path.Combine("/tmp", "deploy-recipes-docker-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            File.SetUnixFileMode(RunFolder, (UnixFileMode)0b111_101_101);
            Directory.CreateDirectory(CacheFolder);
            cacheLock = TryLock(Path.Combine(CacheFolder, "data-root.lock"));
            DataRoot = cacheLock != null ? Path.Combine(CacheFolder, "data-root") : Path.Combine(RunFolder, "data-root");
            ClientConfig = Directory.CreateDirectory(Path.Combine(RunFolder, "client")).FullName;
        }

        public string RunFolder { get; }

        public string DataRoot { get; }

        public string ClientConfig { get; }

        public string DockerHost => $"unix://{Socket}";

        public string Registry { get; private set; } = "";

        public string BaseImage { get; private set; } = "";

        private string Socket => Path.Combine(RunFolder, "docker.sock");

        private string DaemonPidFile => Path.Combine(CacheFolder, "dockerd.pid");

        public void StartDockerd()
        {
            if (cacheLock != null)
                EndDaemonOfAnEndedRun();
            var log = Path.Combine(RunFolder, "dockerd.log");
            dockerd = StartLogged(log, "dockerd",
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
                "--data-root", DataRoot, "--exec-root", Path.Combine(RunFolder, "exec"), "--pidfile", Path.Combine(RunFolder, "dockerd.pid"),
                "--host", DockerHost, "--log-level=warn");
            if (cacheLock != null)
                File.WriteAllText(DaemonPidFile, dockerd.Id.ToString());
            WaitFor("dockerd", log, dockerd, () => File.Exists(Socket) && Run("docker", ["--host", DockerHost, "version", "--format", "{{.Server.Version}}"], null, TimeSpan.FromSeconds(10)).ExitCode == 0);
            File.SetUnixFileMode(Socket, (UnixFileMode)0b110_110_110);
        }

        public void StartRegistry()
        {
            var htpasswd = Path.Combine(RunFolder, "htpasswd");
            var made = Run("htpasswd", ["-B", "-i", "-c", htpasswd, User], Password, TimeSpan.FromMinutes(1));
            if (made.ExitCode != 0)
                throw new InvalidOperationException($"htpasswd failed ({made.ExitCode}): {made.All} (is apache2-utils installed? ./test.sh installs it)");
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                var config = Path.Combine(RunFolder, "registry.yml");
                File.WriteAllText(config, $"""
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: {Path.Combine(RunFolder, "registry")}
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:{port}
                    auth:
                      htpasswd:
                        realm: deploy-recipes-tests
                        path: {htpasswd}
                    """);
                var log = Path.Combine(RunFolder, "registry.log");
                registry = StartLogged(log, "docker-registry", "serve", config);
                Registry = $"127.0.0.1:{port}";
                try
                {
                    WaitFor("docker-registry", log, registry, () => RegistryAnswers(port));
                    return;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // The port was taken between choosing and binding: another port.
                    End(registry, TimeSpan.FromSeconds(5));
                }
            }
        }

        public void PushBaseImage()
        {
            var version = RuntimeVersion();
            var local = $"deploy-recipes-tests/dotnet-base:{version}-ssl";
            if (Run("docker", ["--host", DockerHost, "image", "inspect", "--format", "{{.Id}}", local], null, TimeSpan.FromMinutes(1)).ExitCode != 0)
            {
                var tar = BaseImageTar(version);
                Checked("docker", "--host", DockerHost, "import", "--change", "ENV DOTNET_ROOT=/usr/share/dotnet",
                    "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", tar, local);
            }
            BaseImage = $"{Registry}/dotnet-base:{version}";
            Checked("docker", "--host", DockerHost, "tag", local, BaseImage);
            var login = Run("docker", ["--host", DockerHost, "--config", ClientConfig, "login", "--username", User, "--password-stdin", Registry], Password, TimeSpan.FromMinutes(1));
            if (login.ExitCode != 0)
                throw new InvalidOperationException($"docker login to the test registry failed ({login.ExitCode}): {login.All}");
            Checked("docker", "--host", DockerHost, "--config", ClientConfig, "push", "--quiet", BaseImage);
        }

        public void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            End(registry, TimeSpan.FromSeconds(10));
            // SIGTERM first: dockerd then stops the tests' containers and its own containerd; SIGKILL only if it hangs.
            End(dockerd, TimeSpan.FromSeconds(30));
            if (cacheLock != null)
            {
                File.Delete(DaemonPidFile);
                cacheLock.Dispose();
            }
            // dockerd leaves its network namespace bind-mounted in the exec root (exec/netns/default).
            foreach (var mount in MountsUnder(RunFolder))
                Run("umount", ["--lazy", mount], null, TimeSpan.FromSeconds(30));
            try
            {
                Directory.Delete(RunFolder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        /// <summary>
        /// A daemon an earlier run started on the cached data root and never ended (its test process was killed): this
        /// run holds the cache lock, so that run is gone; its dockerd, named by the pid file and checked by its command
        /// line, is ended before a new one uses the same data root.
        /// </summary>
        private void EndDaemonOfAnEndedRun()
        {
            if (!File.Exists(DaemonPidFile) || !int.TryParse(File.ReadAllText(DaemonPidFile).Trim(), out var pid))
                return;
            var commandLine = $"/proc/{pid}/cmdline";
            if (!File.Exists(commandLine) || !File.ReadAllText(commandLine).Replace('\0', ' ').Contains($"--data-root {DataRoot} ", StringComparison.Ordinal))
                return;
            try
            {
                End(Process.GetProcessById(pid), TimeSpan.FromSeconds(30));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        private string BaseImageTar(string version)
        {
            var tar = Path.Combine(CacheFolder, $"dotnet-base-{version}-ssl.tar");
            if (File.Exists(tar))
                return tar;
            var root = Path.Combine(RunFolder, "rootfs");
            string[] mirror = Environment.GetEnvironmentVariable("DEPLOY_TESTS_DEBIAN_MIRROR") is { Length: > 0 } url ? [url] : [];
            // libssl3: ASP.NET Core data protection (cookies, antiforgery) needs OpenSSL when the app starts.
            Checked("debootstrap", ["--variant=minbase", "--include=libicu72,libssl3", "bookworm", root, .. mirror]);
            var dotnet = Path.Combine(root, "usr", "share", "dotnet");
            Directory.CreateDirectory(dotnet);
            // The runtimes only (host, shared frameworks): the SDK stays out of the image.
            Checked("cp", "-a", Path.Combine(DotnetRoot(), "dotnet"), Path.Combine(DotnetRoot(), "host"), Path.Combine(DotnetRoot(), "shared"), dotnet);
            File.CreateSymbolicLink(Path.Combine(root, "usr", "bin", "dotnet"), "../share/dotnet/dotnet");
            var partial = tar + $".{Environment.ProcessId}.partial";
            Checked("tar", "--numeric-owner", "-C", root, "-cf", partial, ".");
            File.Move(partial, tar, overwrite: true);
            Directory.Delete(root, recursive: true);
            return tar;
        }

        /// <summary>Mount points inside <paramref name="folder"/>, deepest first (from /proc/self/mountinfo's fifth field).</summary>
        private static IEnumerable<string> MountsUnder(string folder) =>
            File.ReadLines("/proc/self/mountinfo")
                .Select(line => line.Split(' ')[4].Replace("\\040", " "))
                .Where(point => point.StartsWith(folder + "/", StringComparison.Ordinal))
                .OrderByDescending(point => point.Length)
                .ToList();

        private static string RuntimeVersion()
        {
            var frameworks = Path.Combine(DotnetRoot(), "shared", "Microsoft.AspNetCore.App");
            return Directory.GetDirectories(frameworks).Select(Path.GetFileName).OfType<string>()
                .OrderBy(v => Version.TryParse(v.Split('-')[0], out var parsed) ? parsed : new Version()).Last();
        }

        private static string DotnetRoot()
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? root : "/usr/share/dotnet";
            return File.Exists(Path.Combine(dotnet, "dotnet"))
                ? dotnet
                : Path.GetDirectoryName(new FileInfo(Environment.ProcessPath!).ResolveLinkTarget(true)?.FullName ?? Environment.ProcessPath!)!;
        }

        private static bool RegistryAnswers(int port)
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
            try
            {
                using var response = http.GetAsync($"http://127.0.0.1:{port}/v2/").GetAwaiter().GetResult();
                return response.StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        private static FileStream? TryLock(string path)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Starts a program with its output appended to <paramref name="log"/> (through sh's exec, so the PID is the program's).</summary>
    private static Process StartLogged(string log, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$LOG\" 2>&1");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["LOG"] = log;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static void WaitFor(string what, string log, Process process, Func<bool> ready)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!ready())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{what} exited ({process.ExitCode}) at start: {Tail(log)}");
            if (DateTime.UtcNow > until)
                throw new InvalidOperationException($"{what} was not ready within 60 s: {Tail(log)}");
            Thread.Sleep(100);
        }
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadAllLines(log).TakeLast(15)) : "(no log)";

    /// <summary>SIGTERM, then SIGKILL of its tree if it has not ended within <paramref name="grace"/>.</summary>
    private static void End(Process? process, TimeSpan grace)
    {
        if (process == null)
            return;
        using (process)
        {
            try
            {
                if (process.HasExited)
                    return;
                _ = Kill(process.Id, 15);
                if (!process.WaitForExit(grace))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Not started or already gone.
            }
        }
    }

    private static void Checked(string program, params string[] arguments)
    {
        var run = Run(program, arguments, null, TimeSpan.FromMinutes(10));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.All}");
    }

    private static ProcessRun Run(string program, string[] arguments, string? standardInput, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput != null)
            process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return new ProcessRun(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
