package io.sdnest.inference.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sdnest.common.data.DataLayout;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.onnx.ExecutionProvider;

/**
 * A1111's {@code cmd-flags}: every argparse destination of its {@code cmd_args.py} (v1.10), with the value that
 * describes how sdnest runs: its folders, port, device, API-only mode. Flags for things sdnest has not keep A1111's
 * defaults. Never a secret: A1111 returns {@code api_auth}/{@code gradio_auth} in clear text; sdnest's credentials live
 * in the gateway and its internal token is never read here, so these are always null.
 */
@ApplicationScoped
public class CmdFlags {

  private final DataLayout data;
  private final InferenceConfig config;
  private final int port;

  public CmdFlags(DataLayout data, InferenceConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
    this.data = data;
    this.config = config;
    this.port = port;
  }

  public Map<String, Object> all() {
    Map<String, Object> f = new LinkedHashMap<>();
    for (String flag : List.of("update_all_extensions", "skip_python_version_check", "skip_torch_cuda_test",
        "reinstall_xformers", "reinstall_torch", "update_check", "test_server", "log_startup",
        "skip_prepare_environment", "skip_install", "dump_sysinfo")) {
      f.put(flag, false);
    }
    f.put("loglevel", null);
    f.put("do_not_download_clip", true);
    f.put("data_dir", path(data.root()));
    f.put("models_dir", path(data.models()));
    f.put("config", null);
    f.put("ckpt", null);
    f.put("ckpt_dir", path(data.checkpoints()));
    f.put("vae_dir", path(data.vae()));
    f.put("gfpgan_dir", null);
    f.put("gfpgan_model", null);
    f.put("no_half", false);
    f.put("no_half_vae", false);
    f.put("no_progressbar_hiding", false);
    f.put("max_batch_count", 16);
    f.put("embeddings_dir", path(data.embeddings()));
    f.put("textual_inversion_templates_dir", null);
    f.put("hypernetwork_dir", null);
    f.put("localizations_dir", null);
    f.put("allow_code", false);
    for (String flag : List.of("medvram", "medvram_sdxl", "lowvram", "lowram", "always_batch_cond_uncond",
        "unload_gfpgan")) {
      f.put(flag, false);
    }
    f.put("precision", "autocast");
    f.put("upcast_sampling", false);
    f.put("share", false);
    f.put("ngrok", null);
    f.put("ngrok_region", "");
    f.put("ngrok_options", Map.of());
    f.put("enable_insecure_extension_access", false);
    for (String flag : List.of("codeformer_models_path", "gfpgan_models_path", "esrgan_models_path",
        "bsrgan_models_path", "realesrgan_models_path", "dat_models_path", "clip_models_path")) {
      f.put(flag, null);
    }
    for (String flag : List.of("xformers", "force_enable_xformers", "xformers_flash_attention", "deepdanbooru",
        "opt_split_attention", "opt_sub_quad_attention")) {
      f.put(flag, false);
    }
    f.put("sub_quad_q_chunk_size", 1024);
    f.put("sub_quad_kv_chunk_size", null);
    f.put("sub_quad_chunk_threshold", null);
    for (String flag : List.of("opt_split_attention_invokeai", "opt_split_attention_v1", "opt_sdp_attention",
        "opt_sdp_no_mem_attention", "disable_opt_split_attention", "disable_nan_check")) {
      f.put(flag, false);
    }
    f.put("use_cpu", config.executionProvider() == ExecutionProvider.CPU ? List.of("all") : List.of());
    f.put("use_ipex", false);
    f.put("disable_model_loading_ram_optimization", false);
    f.put("listen", true);
    f.put("port", String.valueOf(port));
    f.put("show_negative_prompt", false);
    f.put("ui_config_file", null);
    f.put("hide_ui_dir_config", false);
    f.put("freeze_settings", false);
    f.put("freeze_settings_in_sections", null);
    f.put("freeze_specific_settings", null);
    f.put("ui_settings_file", path(data.state().resolve("config.json")));
    f.put("gradio_debug", false);
    f.put("gradio_auth", null);
    f.put("gradio_auth_path", null);
    f.put("gradio_img2img_tool", null);
    f.put("gradio_inpaint_tool", null);
    f.put("gradio_allowed_path", List.of());
    f.put("opt_channelslast", false);
    f.put("styles_file", List.of(path(data.root().resolve("styles.csv"))));
    f.put("autolaunch", false);
    f.put("theme", null);
    f.put("use_textbox_seed", false);
    f.put("disable_console_progressbars", false);
    f.put("enable_console_prompts", false);
    f.put("vae_path", null);
    f.put("disable_safe_unpickle", false);
    f.put("api", true);
    f.put("api_auth", null);
    f.put("api_log", false);
    f.put("nowebui", true);
    f.put("ui_debug_mode", false);
    f.put("device_id", String.valueOf(config.deviceId()));
    f.put("administrator", false);
    f.put("cors_allow_origins", null);
    f.put("cors_allow_origins_regex", null);
    f.put("tls_keyfile", null);
    f.put("tls_certfile", null);
    f.put("disable_tls_verify", false);
    f.put("server_name", null);
    f.put("gradio_queue", true);
    f.put("no_gradio_queue", false);
    f.put("skip_version_check", false);
    f.put("no_hashing", false);
    f.put("no_download_sd_model", true);
    f.put("subpath", null);
    f.put("add_stop_route", false);
    f.put("api_server_stop", false);
    f.put("timeout_keep_alive", 30);
    f.put("disable_all_extensions", false);
    f.put("disable_extra_extensions", false);
    f.put("skip_load_model_at_start", true);
    f.put("unix_filenames_sanitization", false);
    f.put("filenames_max_length", 128);
    f.put("no_prompt_history", false);
    f.put("lora_dir", path(data.lora()));
    f.put("lyco_dir_backcompat", null);
    return f;
  }

  private static String path(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
