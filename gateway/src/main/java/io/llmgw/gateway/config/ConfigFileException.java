package io.llmgw.gateway.config;

/**
 * A configuration file (key file, model catalog) that cannot be used. The message names the
 * file and the key at fault, such as {@code models.yaml: model_list[2].litellm_params.model
 * is required}; start-up stops on it.
 */
public class ConfigFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
