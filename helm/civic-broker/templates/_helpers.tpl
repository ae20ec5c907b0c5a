{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "civic-broker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "civic-broker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "civic-broker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "civic-broker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "civic-broker.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "civic-broker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret the pod takes its secret settings from: the operator's or the chart's. */}}
{{- define "civic-broker.secretName" -}}
{{- default (include "civic-broker.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* "true" when the broker runs on its embedded store (no MongoDB URI given anywhere). */}}
{{- define "civic-broker.embedded" -}}
{{- if and (not .Values.existingSecret) (not .Values.secretEnv.MONGODB_URI) }}true{{ end }}
{{- end }}
