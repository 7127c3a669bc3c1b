# 机关党建知识库 · 常用命令（每个目标都先运行 scripts/setup.sh，装齐依赖；已就绪时不打印任何内容）
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV   := .venv
PY     := $(VENV)/bin/python
# 可重复构建：时间戳取最后一次提交的时间（不在 git 仓库里时取 0）
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: help setup serve site pdf test check bench lint fix review clean lock offline nginx edition

help:  ## 列出所有目标
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 10

setup:  ## 安装系统包并按锁文件建立 .venv（幂等）
	@bash scripts/setup.sh

serve: setup  ## 本地实时预览 http://127.0.0.1:8000
	HANDBOOK_PREVIEW=1 $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

site: setup  ## 严格模式构建完整站点到 site/（失败时保留原来的 site/）
	$(PY) -m handbook build

pdf: setup  ## 为已构建的 site/ 重新生成 PDF：整本手册和各单位档案的一页自查表（make site 已包含）
	$(PY) -m handbook pdf site

test: setup  ## 格式检查，再运行全部测试：site/ 过期时先在后台重新构建，不用构建结果的测试同时先跑；第二次构建、离线包、本单位版以低优先级在后台构建
	$(PY) -m handbook.tools.lint
	$(PY) -m pytest

check: setup  ## 编辑者的快速检查（半分钟内）：格式检查、内容检查，以及不用构建站点、不开浏览器的测试
	$(PY) -m handbook.tools.lint
	$(PY) -m handbook check
	HANDBOOK_HYPOTHESIS=check $(PY) -m pytest -q -m "not slow and not browser and not site"

lint: setup  ## 文字格式检查（规则见“参与编辑 → 格式规范”），列出全部问题
	$(PY) -m handbook.tools.lint

fix: setup  ## 自动修正能安全修正的格式问题，再列出要人工修改的
	$(PY) -m handbook.tools.lint --fix

review: setup  ## 列出审核日期超过复核期限的页面（只提醒，不算失败）
	$(PY) -m handbook.tools.review

bench: setup  ## 性能基准：打印表格并写入 dist/bench.json
	$(PY) -m handbook.bench

offline: setup  ## 离线包：从文件夹打开也能浏览和搜索的站点，打成 dist/*-offline.zip
	$(PY) -m handbook.site.offline

# 本单位版：make edition UNIT="省××厅机关党委" PROFILE=gov-committee-general YEAR=2027（YEAR 可省，默认取最后一次提交的年份）
UNIT    ?=
PROFILE ?=
YEAR    ?=
edition: setup  ## 本单位版：封面印单位名称的 Word、PDF 手册（附本单位清单和工作日历）和默认打开本单位档案的网站
	$(PY) -m handbook.site.edition --unit "$(UNIT)" --profile "$(PROFILE)" --year "$(YEAR)"

# 服务器上站点文件所在目录和 nginx 的 listen 参数：make nginx NGINX_ROOT=/srv/kb NGINX_LISTEN=8080
NGINX_ROOT   ?= /srv/jiguan-dangjian-kb
NGINX_LISTEN ?= 80
nginx: site  ## 内网部署：按 deploy/nginx/ 的模板生成 nginx 站点配置 dist/nginx/jiguan-dangjian-kb.conf
	$(PY) -m handbook.site.deploy --root $(NGINX_ROOT) --listen $(NGINX_LISTEN)

clean:  ## 删除 site/、dist/ 和缓存（保留 .venv）
	rm -rf site site.* dist .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +

# 锁文件用固定版本的 uv 生成（它的解析结果随版本变化）；生成的锁文件完整、不带环境标记，
# 安装时按 --no-deps 逐个照装（见 scripts/make-venv.sh）
UV_VERSION := 0.13.8
lock:  ## 依赖变化后重新生成 requirements.lock
	$(PY) -m pip install -q uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header -o requirements.lock
