/* fw-provider-strings.c — the catalog's texts, for xgettext
 *
 * GENERATED from data/providers.json by
 * tests/provider/check-provider-strings.py --write; do not edit by hand.
 * FwProvider translates the names and descriptions it reads from the JSON
 * with _(); this file only makes them visible to xgettext. It is compiled
 * (so a stale copy is noticed) but nothing calls into it.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

extern const char *fw_provider_strings[];

const char *fw_provider_strings[] = {
  /* Translators: the name of the provider “mistral” */
  N_("Mistral AI"),
  /* Translators: the description of the provider “mistral” */
  N_("La Plateforme by Mistral AI, a French company. Models are hosted in the European Union."),
  /* Translators: what an API key of the provider “mistral” looks like */
  N_("32 characters"),
  /* Translators: the name of the provider “huggingface” */
  N_("Hugging Face"),
  /* Translators: the description of the provider “huggingface” */
  N_("Hugging Face Inference Providers: many open models (Llama, Qwen, GLM, DeepSeek, Mistral) through one token. Requests are passed on to partner companies that run the models; where your data goes depends on the model and partner you choose. The token needs the “Make calls to Inference Providers” permission."),
  /* Translators: the name of the provider “zai” */
  N_("Z.ai (GLM)"),
  /* Translators: the description of the provider “zai” */
  N_("GLM models from Z.ai, formerly Zhipu AI, a company based in China. Read its privacy policy to learn where your conversations are processed. For the mainland China service, use the address https://open.bigmodel.cn/api/paas/v4 instead."),
  /* Translators: the name of the provider “llama” */
  N_("Meta Llama API"),
  /* Translators: the description of the provider “llama” */
  N_("Meta’s own Llama API, through its OpenAI-compatible address. Run by Meta Platforms, a US company; the service may not be offered in every country."),
  /* Translators: the name of the provider “groq” */
  N_("Groq"),
  /* Translators: the description of the provider “groq” */
  N_("Very fast answers from open models such as Llama, run by Groq, a US company."),
  /* Translators: the name of the provider “together” */
  N_("Together AI"),
  /* Translators: the description of the provider “together” */
  N_("Many open models (Llama, Qwen, DeepSeek, Mistral and more), run by Together AI, a US company."),
  /* Translators: the name of the provider “openrouter” */
  N_("OpenRouter"),
  /* Translators: the description of the provider “openrouter” */
  N_("One key for models from many companies, run by OpenRouter, a US company. Each request is passed on to the company that serves the chosen model, so where your data goes depends on the model. Paid models need credits on your account."),
  /* Translators: the name of the provider “deepseek” */
  N_("DeepSeek"),
  /* Translators: the description of the provider “deepseek” */
  N_("DeepSeek’s own models, run by DeepSeek, a company in China. Your conversations are processed and stored in China."),
  /* Translators: the name of the provider “alibaba” */
  N_("Alibaba Cloud Model Studio (Qwen)"),
  /* Translators: the description of the provider “alibaba” */
  N_("Qwen models from Alibaba Cloud, through its international service in Singapore."),
  /* Translators: the name of the provider “scaleway” */
  N_("Scaleway"),
  /* Translators: the description of the provider “scaleway” */
  N_("Open models run by Scaleway, a French company, in its European data centers."),
  /* Translators: the name of the provider “ovhcloud” */
  N_("OVHcloud AI Endpoints"),
  /* Translators: the description of the provider “ovhcloud” */
  N_("Open models run by OVHcloud in the European Union."),
  /* Translators: the name of the provider “ionos” */
  N_("IONOS AI Model Hub"),
  /* Translators: the description of the provider “ionos” */
  N_("Open models run by IONOS in its data center in Berlin, Germany."),
  /* Translators: the name of the provider “nebius” */
  N_("Nebius Token Factory"),
  /* Translators: the description of the provider “nebius” */
  N_("Open models such as DeepSeek, Qwen and Llama, run by Nebius."),
  /* Translators: the name of the provider “infomaniak” */
  N_("Infomaniak AI"),
  /* Translators: the description of the provider “infomaniak” */
  N_("Open models run by Infomaniak, a Swiss company, entirely in Switzerland. You need the product ID of your AI Tools product as well as a key."),
  /* Translators: the name of the provider “cerebras” */
  N_("Cerebras"),
  /* Translators: the description of the provider “cerebras” */
  N_("Very fast answers from open models, run by Cerebras."),
  /* Translators: the name of the provider “fireworks” */
  N_("Fireworks AI"),
  /* Translators: the description of the provider “fireworks” */
  N_("Many open models, run by Fireworks AI."),
  /* Translators: the name of the provider “deepinfra” */
  N_("DeepInfra"),
  /* Translators: the description of the provider “deepinfra” */
  N_("Many open models, run by DeepInfra, a US company. The Google and Anthropic models offered there follow those companies’ own rules for your data."),
  /* Translators: the name of the provider “gemini” */
  N_("Google Gemini"),
  /* Translators: the description of the provider “gemini” */
  N_("Google’s Gemini models through their OpenAI-compatible address. On the free tier, Google may use what you send to improve its products, and people may read it."),
  /* Translators: the name of the provider “anthropic” */
  N_("Anthropic Claude"),
  /* Translators: the description of the provider “anthropic” */
  N_("Anthropic’s Claude models through their OpenAI-compatible address, which Anthropic offers mainly for testing."),
  /* Translators: the name of the provider “ollama” */
  N_("Ollama (this computer)"),
  /* Translators: the description of the provider “ollama” */
  N_("Models running on this computer with Ollama. Nothing leaves your computer and no key is needed."),
  /* Translators: the name of the provider “llamacpp” */
  N_("llama.cpp server (this computer)"),
  /* Translators: the description of the provider “llamacpp” */
  N_("A model running on this computer with the llama.cpp server. Nothing leaves your computer. A key is only needed if you started the server with --api-key."),
  /* Translators: the name of the provider “lmstudio” */
  N_("LM Studio (this computer)"),
  /* Translators: the description of the provider “lmstudio” */
  N_("Models running on this computer with LM Studio’s local server. Nothing leaves your computer and no key is needed."),
  /* Translators: the name of the provider “custom” */
  N_("Other OpenAI-compatible service"),
  /* Translators: the description of the provider “custom” */
  N_("Any service that speaks the OpenAI chat-completions protocol. Enter its address; it must use https unless it runs on this computer. Where your data goes depends on who runs it."),
  NULL
};
